import { expect, test } from "@playwright/test";
import { as, day, LIVE_YEAR, waitForHydration, watchConsole } from "./helpers";

// Last year's cycle earned the classes; this year's order pays them from 1 January.
const Y = LIVE_YEAR;
const NUMBER = `2-5/${Y - 2000}`;

/** "1 100.00" (non-breaking space groups) → 1100 in tetri-exact integer cents. */
const tetri = (text: string) => Math.round(Number(text.replace(/[^\d.]/g, "")) * 100);

/** The month `offset` months from the test's today, as the register names it (yyyy-mm). */
function month(offset: number): string {
  const [y, m] = day(0).split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + offset, 1));
  return d.toISOString().slice(0, 7);
}

test("HR closes this month's register, the mayor signs last year's classes, next month pays the bonus and the arrears from January, the closed month is unchanged", async ({ browser }) => {
  const THIS = month(0);
  const NEXT = month(1);
  // Every month from January of the order's year through this one is paid as arrears.
  const [ty, tm] = THIS.split("-").map(Number);
  const owed = (ty - Y) * 12 + tm;
  const hr = await as(browser, "hr");
  const errors = watchConsole(hr);
  await hr.goto("/classes");
  await waitForHydration(hr);
  const rows = hr.getByTestId("eligible-row");
  await expect(rows.first()).toBeVisible();
  const picked = await rows.count();
  // The explanation names the qualifying years and the class.
  await expect(rows.first().getByTestId("reason")).toContainText(String(Y - 1));
  const first = rows.first().locator("a").first();
  const name = (await first.textContent()) ?? "";
  const fileHref = (await first.getAttribute("href")) ?? "";

  const form = hr.getByTestId("draft-order");
  await form.locator("#field-number").fill(NUMBER);
  await form.locator("#field-order_date").fill(`${Y}-02-27`);
  await form.locator("#field-effective_date").fill(`${Y}-01-01`);
  await form.locator("button[type=submit]").click();
  await expect(hr).toHaveURL(/\/class-orders\/\d+$/);
  const orderUrl = new URL(hr.url()).pathname;
  await expect(hr.getByTestId("class-order-status")).toHaveText("პროექტი");
  // Signed today, it is first paid next month (the later of its date and the signature).
  await expect(hr.getByTestId("first-paid")).toHaveText(NEXT);
  await expect(hr.getByTestId("class-order-items").locator("tbody tr")).toHaveCount(picked);

  // The legal visa, recorded by HR.
  const visa = hr.getByTestId("visa-form");
  await visa.locator("#field-visa_by").fill("ნ. ქვარაცხელია");
  await visa.locator("button[type=submit]").click();
  await expect(hr.getByTestId("class-order-status")).toHaveText("ვიზირებული");
  await expect(hr.getByTestId("sign-form")).toHaveCount(0);

  // HR closes this month's register (the demo's earlier months are closed), deliberately.
  await hr.goto(`/pay-register?month=${THIS}`);
  await waitForHydration(hr);
  await expect(hr.getByTestId("register-open")).toBeVisible();
  await hr.getByTestId("close-register").click();
  const closeForm = hr.getByTestId("close-register-form");
  await closeForm.getByTestId("confirm").check();
  await closeForm.locator("button[type=submit]").click();
  await expect(hr.getByTestId("register-closed")).toBeVisible();
  const closedTotals = await hr.getByTestId("register-totals").textContent();

  // The mayor signs (the confirmation is required).
  const mayor = await as(browser, "mayor");
  await mayor.goto(orderUrl);
  await waitForHydration(mayor);
  await mayor.getByTestId("sign-form").getByTestId("confirm").check();
  await mayor.getByTestId("sign-form").locator("button[type=submit]").click();
  await expect(mayor.getByTestId("class-order-status")).toHaveText("ხელმოწერილი");

  // The closed month is as it was paid.
  await hr.goto(`/pay-register?month=${THIS}`);
  await expect(hr.getByTestId("register-closed")).toBeVisible();
  await expect(hr.getByTestId("register-totals")).toHaveText(closedTotals ?? "");
  await expect(hr.getByTestId("arrears-line")).toHaveCount(0);

  // Next month: the bonus at the new class and one arrears line per month owed.
  await hr.goto(`/pay-register?month=${NEXT}`);
  await waitForHydration(hr);
  await expect(hr.getByTestId("register-title")).toContainText(NEXT);
  const arrears = hr.getByTestId("arrears-line");
  await expect(arrears).toHaveCount(picked * owed);
  await expect(arrears.filter({ hasText: `${Y}-01` })).toHaveCount(picked);
  await expect(arrears.filter({ hasText: THIS })).toHaveCount(picked);
  const line = hr.getByTestId("register-line").filter({ has: hr.locator(`a[href="${fileHref}"]`) });
  await expect(line).toHaveCount(1);
  const cells = await line.locator("td").allTextContents();
  // name, personal number, position, salary, class, rate, bonus, arrears, total
  expect(tetri(cells[3]) + tetri(cells[6]) + tetri(cells[7])).toBe(tetri(cells[8]));
  expect(tetri(cells[7])).toBeGreaterThan(0);

  // The officer's file shows the class with its order; the chart counts it.
  await hr.goto(fileHref);
  await expect(hr.getByTestId("class-history")).toContainText(NUMBER);
  await hr.goto("/class-reports");
  await expect(hr.getByTestId("class-chart")).toBeVisible();
  await expect(hr.getByTestId("orders-per-year")).toContainText(String(Y));
  expect(name.length).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test("settings show every rate and rule with its source as cited, in the page's language; a past date is refused in English too", async ({ browser }) => {
  const hr = await as(browser, "hr");
  await hr.goto("/class-settings");
  await waitForHydration(hr);
  await expect(hr.getByTestId("class-rates").locator("tbody tr")).toHaveCount(12);
  await expect(hr.getByTestId("class-rates")).toContainText("15.00");
  await expect(hr.getByTestId("class-rules")).toContainText("საქართველოს მთავრობის 2017 წლის 28 აპრილის №219 დადგენილება");
  await expect(hr.getByTestId("class-rates")).toContainText("კანონთან ჯერ არ არის შემოწმებული");
  await hr.getByTestId("lang-en").click();
  await expect(hr.locator("html")).toHaveAttribute("lang", "en");
  await expect(hr.getByTestId("class-rules")).toContainText("Government of Georgia Resolution No. 219 of 28 April 2017");
  await expect(hr.getByTestId("class-rates")).toContainText("Not yet verified against the law");
  for (const table of ["class-titles", "class-rates", "class-rules"]) {
    await expect(hr.getByTestId(table)).not.toContainText(/DOMAIN|Seed \d|UNCERTAIN|Placeholder|TAB-GE|EURO/);
  }
  const form = hr.getByTestId("rate-form");
  await form.locator("#field-rate").fill("9.00");
  await form.locator("#field-valid_from").fill("2020-01-01");
  await form.locator("#field-legal_source_ka").fill("შრომის ანაზღაურების შესახებ კანონი");
  await form.locator("#field-legal_source_en").fill("Law on Remuneration in Public Institutions");
  await form.locator("button[type=submit]").click();
  await expect(form.locator("#field-valid_from-error")).toContainText("future");
});

test("HR names an officer by name: people are offered as HR types, and a name nobody has is refused at its field", async ({ browser }) => {
  const hr = await as(browser, "hr");
  await hr.goto("/employees");
  const first = hr.locator("main table.data tbody tr").first();
  const number = (await first.locator("td.mono").first().innerText()).trim();
  const name = (await first.locator("td a").first().innerText()).trim();
  await hr.goto("/equalization");
  await waitForHydration(hr);
  const form = hr.getByTestId("record-rank");
  const person = form.locator("input[name=personal_number]");
  // The surname (or any part of the name) lists the matching people, each under their number.
  await person.pressSequentially(name.split(/\s+/)[0], { delay: 20 });
  await expect(form.locator(`datalist option[value="${number}"]`)).toHaveCount(1);
  await person.fill("არავინ არავინაძე");
  await form.locator("select[name=old_rank_class]").selectOption({ index: 1 });
  await form.locator("input[name=proof_number]").fill("2-1/1");
  await form.locator("input[name=proof_date]").fill("01.04.2016");
  await form.locator("button[type=submit]").click();
  await expect(form.locator(".field-error")).toHaveText("ამ სახელით ან პირადი ნომრით პირადი საქმე არ მოიძებნა.");
});
