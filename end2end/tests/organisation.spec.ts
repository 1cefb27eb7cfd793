import { expect, Page, test } from "@playwright/test";
import { as, day, signIn, waitForHydration, watchConsole } from "./helpers";

async function signedIn(page: Page, user: "hr" | "manager" | "mayor" | "employee") {
  await page.goto("/sign-in");
  await waitForHydration(page);
  await signIn(page, user);
  await expect(page).toHaveURL(/\/$/);
}

/** The value of the option whose text contains `text`. */
async function optionValue(page: Page, select: string, text: string): Promise<string> {
  const value = await page.locator(`${select} option`, { hasText: text }).first().getAttribute("value");
  expect(value).toBeTruthy();
  return value as string;
}

test("HR creates a department, a position and an employee, appoints by order; the vacancy goes and the audit shows it", async ({ page }) => {
  const errors = watchConsole(page);
  await signedIn(page, "hr");

  // A new department of the Administrative Service.
  await page.goto("/org");
  await waitForHydration(page);
  await page.getByTestId("new-unit").click();
  const unitForm = page.getByTestId("unit-form");
  await unitForm.locator("#field-parent_id").selectOption(await optionValue(page, "#field-parent_id", "ADM"));
  await unitForm.locator("#field-code").fill("ADM-ARCH");
  await unitForm.locator("#field-name_ka").fill("არქივის განყოფილება");
  await unitForm.locator("#field-name_en").fill("Archive Department");
  await unitForm.locator("#field-valid_from").fill(day(-60));
  await unitForm.locator("#field-order_number").fill("2-1/950");
  await unitForm.locator("#field-order_date").fill(day(-70));
  await unitForm.locator("button[type=submit]").click();
  await expect(page).toHaveURL(/\/org\/units\/\d+/);
  await expect(page.getByTestId("unit-name")).toHaveText("არქივის განყოფილება");
  const unitUrl = page.url();

  // A position on its staff list: vacant.
  await page.getByTestId("new-position").click();
  const positionForm = page.getByTestId("position-form");
  await positionForm.locator("#field-title_ka").fill("არქივისტი");
  await positionForm.locator("#field-title_en").fill("Archivist");
  await positionForm.locator("#field-category_id").selectOption(await optionValue(page, "#field-category_id", "III ·"));
  await positionForm.locator("#field-salary").fill("1500");
  await positionForm.locator("#field-valid_from").fill(day(-60));
  // Server-side validation: a bad salary is refused next to the field.
  await positionForm.locator("#field-salary").fill("15,505");
  await positionForm.locator("button[type=submit]").click();
  await expect(positionForm.locator(".field-error")).toHaveText("შეიყვანეთ თანხა ლარში (მაქს. 2 ათწილადი ნიშანი).");
  await positionForm.locator("#field-salary").fill("1500.00");
  await positionForm.locator("button[type=submit]").click();
  await expect(page.getByTestId("staff-list").getByTestId("vacant")).toHaveCount(1);

  // A personal file.
  await page.goto("/employees/new");
  await waitForHydration(page);
  const form = page.getByTestId("employee-form");
  await form.locator("#field-personal_number").fill("0100109999");
  await form.locator("#field-first_name_ka").fill("თეონა");
  await form.locator("#field-last_name_ka").fill("არქივაძე");
  await form.locator("#field-first_name_en").fill("Teona");
  await form.locator("#field-last_name_en").fill("Arkivadze");
  await form.locator("#field-gender").selectOption("female");
  await form.locator("#field-birth_date").fill("1992-05-17");
  await form.locator("button[type=submit]").click();
  await expect(form.locator(".field-error")).toHaveText("პირადი ნომერი უნდა შედგებოდეს 11 ციფრისგან.");
  await form.locator("#field-personal_number").fill("01001099999");
  await form.locator("button[type=submit]").click();
  await expect(page).toHaveURL(/\/employees\/\d+$/);
  await expect(page.getByTestId("employee-name")).toHaveText("თეონა არქივაძე");

  // Appointment through an order.
  await page.getByTestId("tab-assignments").click();
  await page.getByTestId("appoint").click();
  const appoint = page.getByTestId("appoint-form");
  await appoint.locator("#field-position_id").selectOption(await optionValue(page, "#field-position_id", "არქივისტი"));
  await appoint.locator("#field-start_date").fill(day(-30));
  await appoint.locator("#field-order_number").fill("2-3/177");
  await appoint.locator("#field-order_date").fill(day(-33));
  await appoint.locator("button[type=submit]").click();
  await expect(page.getByTestId("assignments")).toContainText("2-3/177");

  // The vacancy has gone.
  await page.goto(unitUrl);
  await expect(page.getByTestId("staff-list")).toContainText("თეონა არქივაძე");
  await expect(page.getByTestId("staff-list").getByTestId("vacant")).toHaveCount(0);

  // The audit log has every step, with who did it.
  await page.goto("/audit?actor=hr");
  const audit = page.getByTestId("audit");
  for (const action of ["unit.created", "position.created", "employee.created", "order.created", "assignment.created"]) {
    await expect(audit).toContainText(action);
  }
  // The refused inputs above answer 422, which the browser logs; nothing else may appear.
  expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
});

test("a manager sees only their people and cannot open another unit's file", async ({ page }) => {
  const errors = watchConsole(page);
  await signedIn(page, "manager");
  await page.goto("/employees");
  const rows = page.getByTestId("employees").locator("tbody tr");
  const count = await rows.count();
  expect(count).toBeGreaterThan(2);
  expect(count).toBeLessThan(12);
  for (let i = 0; i < count; i++) {
    await expect(rows.nth(i)).toContainText("ადამიანური რესურსების");
  }
  await expect(page.getByTestId("pager-status")).toContainText(`სულ ${count}`);
  // Someone else's file, by id: refused.
  await page.goto("/employees/1");
  await expect(page.getByTestId("form-error")).toHaveText("ამ მოქმედების უფლება არ გაქვთ.");
  // The menu has no orders or audit for a manager.
  await expect(page.locator(".site-nav")).not.toContainText("აუდიტის ჟურნალი");
  expect(errors).toEqual([]);
});

test("the orders registry reproduces the 2020 report table, in English too", async ({ page }) => {
  await signedIn(page, "mayor");
  await page.goto("/orders?year=2020");
  await expect(page.getByTestId("count-main")).toHaveText("495");
  await expect(page.getByTestId("count-leave")).toHaveText("113");
  await expect(page.getByTestId("count-personnel")).toHaveText("40");
  await expect(page.getByTestId("count-deputy")).toHaveText("3");
  await expect(page.getByTestId("count-total")).toHaveText("651");
  await waitForHydration(page);
  await page.getByTestId("lang-en").click();
  await expect(page.locator("h2").first()).toHaveText("Individual legal acts registered in 2020");
  await page.getByTestId("lang-ka").click();
});

test("reports: staff by category and gender, vacancies, exports", async ({ page }) => {
  await signedIn(page, "hr");
  await page.goto("/reports");
  await expect(page.getByTestId("staff-report")).toContainText("მოხელე — III რანგი");
  await expect(page.getByTestId("vacancies").locator("tbody tr")).not.toHaveCount(0);
  const download = page.waitForEvent("download");
  await page.getByTestId("export-vacancies-xlsx").click();
  expect((await download).suggestedFilename()).toBe("vacancies.xlsx");
});

test("CSV import lists the bad rows and commits nothing until they are fixed", async ({ page }) => {
  await signedIn(page, "hr");
  await page.goto("/import");
  await waitForHydration(page);
  const header = "personal_number,last_name_ka,first_name_ka,last_name_en,first_name_en,gender,birth_date,email,phone";
  const good = "02002000001,ბერიძე,ანა,Beridze,Ana,female,1990-01-02,,";
  await page.getByTestId("import-csv").fill(`${header}\n${good}\n123,გოგია,გია,Gogia,Gia,male,1990-01-02,,\n`);
  await page.getByTestId("import-commit").click();
  await expect(page.getByTestId("import-errors")).toContainText("personal_number");
  await expect(page.getByTestId("import-errors").locator("tbody tr td").first()).toHaveText("3");
  await page.getByTestId("import-csv").fill(`${header}\n${good}\n`);
  await page.getByTestId("import-commit").click();
  await expect(page.getByTestId("import-result")).toHaveText("იმპორტირებულია 1 სტრიქონი.");
  await page.goto("/employees?q=02002000001");
  await expect(page.getByTestId("employees").locator("tbody tr")).toHaveCount(1);
});

test("HR opens a position from the staff list and corrects its job description", async ({ page }) => {
  await signedIn(page, "hr");
  await page.goto("/org");
  await page.getByTestId("org-tree").getByRole("link", { name: /ADM-HR|ადამიანური რესურსების/ }).first().click();
  await page.getByTestId("staff-list").locator("tbody tr").nth(1).locator("a").first().click();
  await expect(page).toHaveURL(/\/org\/positions\/\d+/);
  await waitForHydration(page);
  await page.getByTestId("edit-position").click();
  await page.locator("#field-job_description_ka").fill("პირადი საქმეების წარმოება");
  await page.locator("#field-job_description_en").fill("Keeps the personal files");
  await page.locator("form").filter({ has: page.locator("#field-job_description_ka") }).locator("button[type=submit]").click();
  await expect(page.locator("dl.facts")).toContainText("პირადი საქმეების წარმოება");
});

test("two HR specialists edit one position: the second is told who changed what, and nothing of theirs is written", async ({ browser }) => {
  const first = await as(browser, "hr");
  const second = await as(browser, "hr2");
  await first.goto("/org");
  await first.getByTestId("org-tree").getByRole("link", { name: /ADM-HR|ადამიანური რესურსების/ }).first().click();
  await first.getByTestId("staff-list").locator("tbody tr").nth(2).locator("a").first().click();
  await expect(first).toHaveURL(/\/org\/positions\/\d+/);
  const url = first.url();
  await second.goto(url);
  for (const page of [first, second]) {
    await waitForHydration(page);
    await page.getByTestId("edit-position").click();
  }
  const save = (page: Page) =>
    page.locator("form").filter({ has: page.locator("#field-job_description_ka") }).locator("button[type=submit]").click();

  await first.locator("#field-job_description_ka").fill("პირველის ტექსტი");
  await save(first);
  await expect(first.locator("dl.facts")).toContainText("პირველის ტექსტი");

  await second.locator("#field-job_description_ka").fill("მეორის ტექსტი");
  await save(second);
  await expect(second.getByTestId("form-error")).toContainText("ჩანაწერი შეიცვალა მას შემდეგ, რაც გახსენით");
  await expect(second.locator("#field-job_description_ka")).toHaveAttribute("aria-invalid", "true");
  await expect(second.locator("#field-job_description_ka")).toHaveValue("მეორის ტექსტი");

  await second.goto(url);
  await expect(second.locator("dl.facts")).toContainText("პირველის ტექსტი");
  await expect(second.locator("dl.facts")).not.toContainText("მეორის ტექსტი");
});

test("HR changes a position's pay terms from a date: the holder stays and the history shows both terms", async ({ page }) => {
  await signedIn(page, "hr");
  await page.goto("/org");
  await page.getByTestId("org-tree").getByRole("link", { name: /ADM-HR|ადამიანური რესურსების/ }).first().click();
  await page.getByTestId("staff-list").locator("tbody tr").nth(2).locator("a").first().click();
  await expect(page).toHaveURL(/\/org\/positions\/\d+/);
  await waitForHydration(page);
  const holders = await page.locator("table.data:not([data-testid=position-terms])").first().innerText();
  await expect(page.getByTestId("position-terms").locator("tbody tr")).toHaveCount(1);
  await page.getByTestId("change-terms").click();
  const form = page.getByTestId("terms-form");
  await form.locator("#field-valid_from").fill(day(10));
  await form.locator("#field-employment_type").selectOption("officer");
  await form.locator("#field-category_id").selectOption({ index: 1 });
  await form.locator("#field-salary").fill("1777.00");
  await form.locator("#field-order_number").fill("2-1/555");
  await form.locator("#field-order_date").fill(day(0));
  await form.getByTestId("confirm").check();
  await form.locator("button[type=submit]").click();
  const rows = page.getByTestId("position-terms").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("1\u00a0777.00");
  await expect(rows.nth(1)).toContainText("2-1/555");
  expect(await page.locator("table.data:not([data-testid=position-terms])").first().innerText()).toBe(holders);
  // The way back names the unit; the position's history (HR's, on request) names the change.
  await expect(page.locator("nav.breadcrumb li")).toHaveCount(3);
  await page.getByTestId("show-history").click();
  const newest = page.getByTestId("record-history").locator("tbody tr").first();
  await expect(newest).toContainText("ანაზღაურების პირობები შეიცვალა ბრძანებით");
  await expect(newest).toContainText("1\u00a0777.00");
  await page.getByTestId("lang-en").click();
  await expect(newest).toContainText("Pay terms changed by order");
});

test("a personal file's history names each change, who made it and when, and who viewed the file; HR only", async ({ browser }) => {
  const hr = await as(browser, "hr");
  await hr.goto("/employees");
  const href = (await hr.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? "")))
    .find((h) => /^\/employees\/\d+$/.test(h))!;
  await hr.goto(href);
  await waitForHydration(hr);
  // Change the phone, then read the history.
  const edit = hr.locator("details", { hasText: "მონაცემების შეცვლა" });
  await edit.locator("summary").click();
  await hr.locator("#field-phone").fill("599112233");
  await edit.locator("button[type=submit]").click();
  await expect(hr.getByTestId("saved-notice")).toBeVisible();
  await hr.getByTestId("tab-history").click();
  const history = hr.getByTestId("file-history");
  // Newest first; the change, then the views of the file that reloaded it.
  const newest = history.locator("tbody tr", { hasText: "599112233" }).first();
  await expect(newest).toContainText("მონაცემები შეიცვალა");
  await expect(newest).toContainText("ტელეფონი");
  await expect(newest).toContainText("599112233");
  await expect(history).toContainText("პირადი საქმე დათვალიერდა");
  await hr.getByTestId("lang-en").click();
  await expect(newest).toContainText("Details changed");
  await hr.getByTestId("lang-ka").click();
  // Opened by its address, the tab comes complete from the server and hydrates cleanly (the
  // server once built the page three times, and the history it sent differed from the HTML).
  const errors = watchConsole(hr);
  await hr.goto(`${href}?tab=history`);
  await waitForHydration(hr);
  await expect(history).toContainText("599112233");
  await hr.getByTestId("lang-en").click();
  await expect(history).toContainText("Details changed");
  expect(errors).toEqual([]);
  // Nobody else has the tab (the server refuses its data to anyone but HR: the matrix test).
  const mayor = await as(browser, "mayor");
  await mayor.goto(href);
  await expect(mayor.getByTestId("tab-details")).toBeVisible();
  await expect(mayor.getByTestId("tab-history")).toHaveCount(0);
});
