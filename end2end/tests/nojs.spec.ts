import { expect, test } from "@playwright/test";
import { LIVE_YEAR, registerOrder, signIn } from "./helpers";

// Runs with JavaScript disabled: every form is a plain HTML form post.

test("without JavaScript: sign in, switch language, sign out", async ({ page }) => {
  await signIn(page, "hr");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("home-title")).toContainText("მოგესალმებით");
  await expect(page.locator("html")).not.toHaveAttribute("data-hydrated", "true");
  // The menu's task count is in the page the server sends.
  await expect(page.locator(".site-nav").getByTestId("inbox-count")).toHaveText(/^\d+/);
  await page.getByTestId("lang-en").click();
  await expect(page.getByTestId("home-title")).toContainText("Welcome");
  await expect(page.locator(".site-nav").getByTestId("inbox-count")).toContainText("tasks waiting");
  await page.getByTestId("lang-ka").click();
  await expect(page.getByTestId("home-title")).toContainText("მოგესალმებით");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("without JavaScript: a wrong password shows the localized error", async ({ page }) => {
  await signIn(page, "manager", "wrong-password-here");
  await expect(page.getByTestId("form-error")).toHaveText("მომხმარებლის სახელი ან პაროლი არასწორია.");
});

test("without JavaScript: HR opens a personal file and the list filters work", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/employees/new");
  await page.locator("#field-personal_number").fill("03003000003");
  await page.locator("#field-first_name_ka").fill("ლევან");
  await page.locator("#field-last_name_ka").fill("უჯავასკრიპტო");
  await page.locator("#field-first_name_en").fill("Levan");
  await page.locator("#field-last_name_en").fill("Noscript");
  await page.locator("#field-gender").selectOption("male");
  await page.locator("#field-birth_date").fill("1988-08-08");
  await page.getByTestId("employee-form").locator("button[type=submit]").click();
  await expect(page).toHaveURL(/\/employees\/\d+$/);
  await expect(page.getByTestId("employee-name")).toHaveText("ლევან უჯავასკრიპტო");
  // The change is confirmed once, on the page the form led to.
  await expect(page.getByTestId("saved-notice")).toHaveText("ცვლილება შენახულია.");
  await page.reload();
  await expect(page.getByTestId("saved-notice")).toHaveCount(0);
  // The menu's search is a plain GET form.
  await page.getByTestId("menu-search").fill("03003000003");
  await page.getByTestId("menu-search").press("Enter");
  await expect(page).toHaveURL(/\/search\?q=03003000003$/);
  await expect(page.getByTestId("search-people").locator("li")).toHaveCount(1);
  await page.goto("/employees");
  await page.getByTestId("search").fill("03003000003");
  await page.getByTestId("employee-filters").locator("button[type=submit]").click();
  await expect(page.getByTestId("employees").locator("tbody tr")).toHaveCount(1);
});

test("without JavaScript: a CSV import reports its outcome", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/import");
  const header = "personal_number,last_name_ka,first_name_ka,last_name_en,first_name_en,gender,birth_date,email,phone";
  await page.getByTestId("import-csv").fill(`${header}\n123,გოგია,გია,Gogia,Gia,male,1990-01-02,,\n`);
  await page.getByTestId("import-commit").click();
  await expect(page.getByTestId("import-result")).toHaveText("ფაილში 1 შეცდომაა; არაფერი იმპორტირებულა.");
  await page.getByTestId("import-csv").fill(`${header}\n04004000004,გოგია,გია,Gogia,Gia,male,1990-01-02,,\n`);
  await page.getByTestId("import-commit").click();
  await expect(page.getByTestId("import-result")).toHaveText("იმპორტირებულია 1 სტრიქონი.");
});

test("without JavaScript: the officer self-assesses and the manager scores; the server computes the mark", async ({ page, context }) => {
  await signIn(page, "hr");
  await page.goto("/evaluations");
  const href = await page.getByTestId("mine").locator("tr", { hasText: String(LIVE_YEAR) }).locator("a").first().getAttribute("href");
  expect(href).toMatch(/^\/evaluations\/\d+$/);
  const url = href as string;
  await page.goto(url);
  const selfForm = page.getByTestId("self-form");
  for (const select of await selfForm.locator("select").all()) await select.selectOption("3");
  await selfForm.locator("button[type=submit]").click();
  await expect(page.getByTestId("stage").first()).toHaveText("შეფასება");
  await page.getByTestId("sign-out").click();
  await context.clearCookies();

  await signIn(page, "manager");
  await page.goto(url);
  const form = page.getByTestId("rating-form");
  // Nothing scored: the server refuses, and says so in every competency's row.
  await form.locator("#field-summary_comment").fill("შედეგიანი წელი.");
  await form.locator("button[type=submit]").click();
  await expect(page.locator("[data-testid^=score-error-]")).toHaveCount(7);
  await expect(page.locator("[data-testid^=score-error-]").first()).toHaveText("აირჩიეთ ქულა.");
  const scores = ["3", "3", "2", "3", "3", "3", "3"];
  const selects = await page.getByTestId("rating-form").locator("select").all();
  for (const [i, select] of selects.entries()) await select.selectOption(scores[i]);
  await page.getByTestId("rating-form").locator("#field-summary_comment").fill("შედეგიანი წელი.");
  await page.getByTestId("rating-form").locator("button[type=submit]").click();
  // 20 / 7 = 2.857… → 2.86, good.
  await expect(page.getByTestId("stage").first()).toHaveText("გაცნობა");
  await expect(page.getByTestId("pending-mark")).toContainText("2.86");
  await expect(page.getByTestId("pending-mark").getByTestId("rating")).toHaveText("კარგი");
});

test("without JavaScript and without signing in: the public staff figures, linked from the sign-in page", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: /საჯარო ინფორმაცია/ }).click();
  await expect(page).toHaveURL(/\/public\/staff$/);
  await expect(page.getByTestId("staff-report")).toBeVisible();
  const total = Number(await page.getByTestId("report-total").innerText());
  expect(total).toBeGreaterThan(100);
  await expect(page.getByTestId("sign-out")).toHaveCount(0);
});

test("without JavaScript: HR keeps a probationer's plan", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/probation");
  await page.getByTestId("probations").getByRole("link", { name: "ლევან კაპანაძე" }).click();
  await expect(page.getByTestId("probationer")).toHaveText("ლევან კაპანაძე");
  const form = page.getByTestId("manage-form");
  await page.getByTestId("manage").click();
  await form.locator("textarea[name=plan]").fill("1. პირადი საქმეების წარმოება.\n2. კონკურსის დოკუმენტაცია.");
  await form.locator("button[type=submit]").click();
  await expect(page.getByTestId("plan")).toContainText("კონკურსის დოკუმენტაცია");
  await expect(page.getByTestId("mentor")).not.toHaveText("მენტორი არ არის დანიშნული");
});

test("without JavaScript: the officer reports the month and the manager evaluates the report", async ({ page, context }) => {
  await signIn(page, "employee");
  await page.goto("/work-plans");
  await page.getByTestId("my-plans").getByRole("link", { name: "11.2026" }).click();
  await expect(page.getByTestId("plan-state")).toHaveText("დამტკიცებული");
  // The deadline is computed: the first Friday of December 2026.
  await expect(page.getByTestId("report-due")).toContainText("04.12.2026");
  const url = page.url();
  const report = page.getByTestId("report-form");
  await report.locator("textarea[name=report]").fill(" ");
  await report.locator("button[type=submit]").click();
  await expect(page.locator(".field-error")).toHaveCount(1);
  await page.getByTestId("report-form").locator("textarea[name=report]").fill("შესრულდა გეგმის ყველა პუნქტი; განახლდა 12 პირადი საქმე.");
  await page.getByTestId("report-form").locator("button[type=submit]").click();
  await expect(page.getByTestId("plan-state")).toHaveText("ანგარიში წარდგენილია");
  await expect(page.getByTestId("report")).toContainText("განახლდა 12 პირადი საქმე");
  await page.getByTestId("sign-out").click();
  await context.clearCookies();

  await signIn(page, "manager");
  await page.goto(url);
  const form = page.getByTestId("evaluate-form");
  // Nothing is chosen for the manager: without a rating and comments the server names both.
  await form.locator("textarea[name=comments]").fill(" ");
  await form.getByTestId("confirm").check();
  await form.locator("button[type=submit]").click();
  await expect(page.getByTestId("evaluate-form").locator(".field-error")).toHaveCount(2);
  const again = page.getByTestId("evaluate-form");
  await again.getByTestId("rating-good").check();
  await again.locator("textarea[name=comments]").fill("გეგმა შესრულებულია დროულად.");
  await again.locator("textarea[name=instructions]").fill("დეკემბერში დაასრულეთ არქივის გადაცემა.");
  await again.getByTestId("confirm").check();
  await again.locator("button[type=submit]").click();
  await expect(page.getByTestId("plan-state")).toHaveText("შეფასებული");
  await expect(page.getByTestId("rating")).toHaveText("კარგი");
  await expect(page.getByTestId("evaluate-form")).toHaveCount(0);
});

test("without JavaScript: the mayor reads the promotion check", async ({ page }) => {
  await signIn(page, "mayor");
  await page.goto("/promotion");
  await expect(page.getByTestId("nominees").locator("tbody tr")).toHaveCount(1);
  await page.getByTestId("promotion-vacancies").locator("tbody tr a").first().click();
  await expect(page.locator("[data-testid^=condition-]")).not.toHaveCount(0);
  await expect(page.getByTestId("verdict").first()).toHaveText("არ აკმაყოფილებს ყველა პირობას");
});

test("without JavaScript: a refused form folded in a disclosure comes back open, its error beside the field", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/orders");
  await registerOrder(page, "77-ტ", "31.02.2026", "შვებულება");
  await expect(page).toHaveURL(/__err=/);
  await expect(page.locator("#field-order_date-error")).toBeVisible();
  await expect(page.getByTestId("saved-notice")).toHaveCount(0);
});
