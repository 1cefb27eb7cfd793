import { Browser, expect, Page, test } from "@playwright/test";
import { as, day, DEMO, waitForHydration } from "./helpers";

// The whole path of a competition (issue 14): HR decides a vacancy and the mayor announces the
// competition; two applicants apply on the public page without signing in and without
// JavaScript; on the demo's competition whose window has closed, HR admits the applicants,
// three members declare (one recused) and score blind, the chair closes the stages, the
// ranking and minutes appear, and the mayor's order appoints the winner with a probation record.

async function commission(browser: Browser, user: "commission" | "commission2" | "commission3"): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  await waitForHydration(page);
  await page.getByLabel(/მომხმარებლის სახელი|Username/).fill(user);
  await page.locator("#field-password").fill(DEMO[user]);
  await page.locator("form[data-testid=sign-in-form] button[type=submit]").click();
  await expect(page).toHaveURL(/\/$/);
  return page;
}

test("HR announces a competition and two applicants apply without JavaScript", async ({ browser }) => {
  test.setTimeout(120_000);
  const hr = await as(browser, "hr");
  await hr.goto("/competitions");
  await waitForHydration(hr);
  const record = hr.getByTestId("vacancy-records").locator("li").filter({ has: hr.locator("details") }).first();
  await record.locator("summary").click();
  await record.locator("select[name=decision]").selectOption("competition_open");
  await record.locator("input[name=order_number]").fill("2-950");
  await record.locator("input[name=order_date]").fill(day(0));
  await record.getByTestId("confirm").check();
  await record.locator("button[type=submit]").click();
  await expect(hr).toHaveURL(/\/competitions\/\d+$/);
  const url = hr.url();
  // The competition's page replaces the board once its code has loaded.
  await expect(hr.getByTestId("competition-state")).toHaveCount(1);
  await expect(hr.getByTestId("competition-state")).toHaveText("პროექტი");

  // The commission: the demo's three members.
  await hr.locator("summary", { hasText: "კომისიის შემადგენლობა" }).click();
  const form = hr.getByTestId("commission-form");
  await form.locator("select[name=chair]").selectOption({ index: 1 });
  await form.locator("select[name=secretary]").selectOption({ index: 2 });
  await form.locator("input[type=checkbox]").nth(2).check();
  await form.locator("button[type=submit]").click();
  await expect(hr.getByTestId("commission").locator("li")).toHaveCount(3);

  const mayor = await as(browser, "mayor");
  await mayor.goto(url);
  await waitForHydration(mayor);
  const announce = mayor.getByTestId("announce-form");
  await announce.locator("input[name=order_number]").fill("2-951");
  await announce.locator("input[name=order_date]").fill(day(0));
  await announce.getByTestId("confirm").check();
  await announce.locator("button[type=submit]").click();
  await expect(mayor.getByTestId("competition-state")).toHaveText("გამოცხადებული");
  const title = (await mayor.getByTestId("competition-title").textContent()) ?? "";

  // Two applicants, no account, no JavaScript.
  for (const [number, last] of [["01099011111", "ქავთარაძე"], ["01099012222", "ჯაფარიძე"]]) {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/vacancies");
    await page.getByTestId("public-vacancies").getByRole("link", { name: title }).first().click();
    await expect(page.getByTestId("vacancy-title")).toHaveText(title);
    const apply = page.getByTestId("application-form");
    await apply.locator("#field-personal_number").fill(number);
    await apply.locator("#field-first_name_ka").fill("ნანა");
    await apply.locator("#field-last_name_ka").fill(last);
    await apply.locator("#field-first_name_en").fill("Nana");
    await apply.locator("#field-last_name_en").fill("Applicant");
    await apply.locator("#field-gender").selectOption("female");
    await apply.locator("#field-birth_date").fill("12.03.1992");
    await apply.locator("#field-email").fill("nana@example.ge");
    await apply.locator("#field-education").fill("თსუ, საჯარო მმართველობა");
    await apply.locator("#field-experience").fill("ორი წელი");
    await apply.getByTestId("truthful").check();
    await apply.locator("button[type=submit]").click();
    await expect(page).toHaveURL(/\/vacancies\/status\?code=[0-9A-Z]{16}$/);
    await expect(page.getByTestId("application-state")).toHaveText("წარდგენილი");
    await context.close();
  }
  await hr.goto(url);
  await expect(hr.getByTestId("applicants").locator("tbody tr")).toHaveCount(2);
});

test("three members score blind, the chair ranks, the mayor appoints with probation", async ({ browser }) => {
  test.setTimeout(240_000);
  // The demo's competition whose application window has closed: three applicants.
  const hr = await as(browser, "hr");
  // The demo's history comes first; this one is the competition waiting for the formal check.
  await hr.goto("/competitions");
  const href = await hr
    .getByTestId("competitions")
    .locator("tr", { hasText: "ფორმალური შესაბამისობის შემოწმება" })
    .locator("a")
    .first()
    .getAttribute("href");
  const base = href ?? "/competitions/0";
  await hr.goto(base);
  await waitForHydration(hr);
  await expect(hr.getByTestId("competition-state")).toHaveText("ფორმალური შესაბამისობის შემოწმება");
  const rows = hr.getByTestId("applicants").locator("tbody tr");
  await expect(rows).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    const row = rows.nth(i);
    await row.locator("select[name=outcome]").selectOption("admitted");
    await row.locator("button[type=submit]").click();
    await expect(row.getByTestId("applicant-state")).toHaveText("დაშვებული");
  }
  await hr.getByTestId("start-stages").click();
  await expect(hr.getByTestId("competition-state")).toHaveText("კონკურსის ეტაპები");

  const chair = await commission(browser, "commission");
  const secretary = await commission(browser, "commission2");
  const member = await commission(browser, "commission3");
  for (const [page, recuse] of [[chair, false], [secretary, false], [member, true]] as const) {
    await page.goto(`${base}/scoring`);
    await waitForHydration(page);
    const declaration = page.getByTestId("declaration-form");
    if (recuse) await declaration.locator("input[type=checkbox][name^=conflict]").first().check();
    await declaration.getByTestId("confirm").check();
    await declaration.locator("button[type=submit]").click();
    await expect(page.getByTestId("sheets")).toBeVisible();
  }

  // Two stages (written, anonymous; interview), each member scoring every applicant they may.
  const marks: Record<string, number[]> = { chair: [8, 7, 9], secretary: [8, 6, 8], member: [7, 7, 8] };
  for (let stage = 0; stage < 2; stage++) {
    for (const [who, page] of [["chair", chair], ["secretary", secretary], ["member", member]] as const) {
      await page.reload();
      await waitForHydration(page);
      const sheetRows = page.getByTestId("sheets").locator("tbody tr");
      await expect(sheetRows).toHaveCount(3);
      for (let i = 0; i < 3; i++) {
        const row = sheetRows.nth(i);
        if ((await row.locator("input[name=score]").count()) === 0) continue; // recused
        await row.locator("input[name=score]").fill(String(marks[who][i]));
        await row.locator("button[type=submit]").click();
        await expect(row.getByTestId("my-score")).toBeVisible();
      }
    }
    await chair.reload();
    await waitForHydration(chair);
    const close = chair.getByTestId("close-stage-form");
    await close.getByTestId("confirm").check();
    await close.locator("button[type=submit]").click();
    await expect(chair).toHaveURL(new RegExp(`${base}$`));
    await chair.goto(`${base}/scoring`);
  }

  await hr.reload();
  await expect(hr.getByTestId("competition-state")).toHaveText("გადაწყვეტილება მიღებულია");
  await expect(hr.getByTestId("winner")).toHaveCount(1);
  await hr.goto(`${base}/minutes`);
  await expect(hr.getByTestId("minutes-ranking").locator("tbody tr")).toHaveCount(3);
  await expect(hr.getByTestId("minutes-declarations").locator("li")).toHaveCount(1);
  await expect(hr.getByTestId("minutes-winner")).toBeVisible();

  await hr.goto(base);
  await waitForHydration(hr);
  await hr.getByTestId("notify-winner").click();
  await expect(hr.getByTestId("competition-state")).toHaveText("გამარჯვებულის დოკუმენტები");

  const mayor = await as(browser, "mayor");
  await mayor.goto(base);
  await waitForHydration(mayor);
  const appoint = mayor.getByTestId("appoint-form");
  await appoint.locator("input[name=order_number]").fill("2-960");
  await appoint.locator("input[name=order_date]").fill(day(0));
  await appoint.locator("input[name=start_date]").fill(day(7));
  await appoint.getByTestId("confirm").check();
  await appoint.locator("button[type=submit]").click();
  await expect(mayor).toHaveURL(/\/employees\/\d+$/);
  const employeeUrl = mayor.url();

  await hr.goto(base);
  await expect(hr.getByTestId("competition-state")).toHaveText("დანიშნულია");
  await expect(hr.getByTestId("probation")).toBeVisible();
  await hr.goto(employeeUrl);
  await expect(hr.getByTestId("employee-name")).toBeVisible();
});

test("the mayor reads the competition reports and the integrity view on a phone", async ({ browser }) => {
  const mayor = await as(browser, "mayor");
  await mayor.setViewportSize({ width: 390, height: 844 });
  await mayor.goto("/competitions/reports");
  await expect(mayor.getByTestId("competitions-by-year")).toContainText("2020");
  await expect(mayor.getByTestId("acting-share")).toContainText("0 (0 %)");
  await expect(mayor.getByTestId("member-deviation").locator("tbody tr")).toHaveCount(3);
  const overflow = await mayor.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
