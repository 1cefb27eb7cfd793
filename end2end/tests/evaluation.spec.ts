import { expect, Page, test } from "@playwright/test";
import { as, LIVE_YEAR, waitForHydration, watchConsole } from "./helpers";

/** The cycle the specs open: the year after the demo's live one. */
const NEXT = String(LIVE_YEAR + 1);

const stage = (page: Page) => page.getByTestId("stage").first();

test("a full cycle: HR opens it, the manager plans and scores, the officer acknowledges, HR finalizes, the sheet prints", async ({ browser }) => {
  const hr = await as(browser, "hr");
  const errors = watchConsole(hr);
  await hr.goto("/cycles");
  await waitForHydration(hr);
  const open = hr.getByTestId("open-cycle");
  await open.locator("#field-year").fill(NEXT);
  await open.locator("#field-period_no").fill("1");
  await open.locator("button[type=submit]").click();
  await expect(hr).toHaveURL(/\/cycles\/\d+$/);
  await expect(hr.getByTestId("cycle-title")).toContainText(NEXT);

  // The officer finds their evaluation in it.
  const officer = await as(browser, "employee");
  await officer.goto("/evaluations");
  const row = officer.getByTestId("mine").locator("tr", { hasText: NEXT });
  const href = await row.locator("a").first().getAttribute("href");
  expect(href).toMatch(/^\/evaluations\/\d+$/);
  const url = href as string;

  // The manager plans.
  const manager = await as(browser, "manager");
  await manager.goto(url);
  await waitForHydration(manager);
  await expect(stage(manager)).toHaveText("დაგეგმვა");
  await manager.getByTestId("plan-form").locator("#field-objectives").fill("1. მოქალაქეთა წერილებზე დროული პასუხი.");
  await manager.getByTestId("plan-form").locator("button[type=submit]").click();
  await expect(stage(manager)).toHaveText("გეგმის დადასტურება");

  // The officer confirms and assesses themself.
  await officer.goto(url);
  await waitForHydration(officer);
  await officer.getByTestId("confirm-plan").click();
  await expect(stage(officer)).toHaveText("თვითშეფასება");
  const selfForm = officer.getByTestId("self-form");
  for (const select of await selfForm.locator("select").all()) await select.selectOption("3");
  await selfForm.locator("button[type=submit]").click();
  await expect(stage(officer)).toHaveText("შეფასება");

  // The manager scores each competency; the running mean shows before submitting.
  await manager.goto(url);
  await waitForHydration(manager);
  const scores: Record<string, string> = { QUALITY: "4", RESULTS: "3", KNOWLEDGE: "3", COMMUNICATION: "4", TEAMWORK: "3", INTEGRITY: "3", PROBLEMS: "4" };
  const form = manager.getByTestId("rating-form");
  for (const [code, score] of Object.entries(scores)) await form.getByTestId(`score-${code}`).selectOption(score);
  // 4+3+3+4+3+3+4 = 24; 24 / 7 = 3.428… → 3.43, good.
  await expect(manager.getByTestId("live-mean")).toContainText("3.43");
  await expect(manager.getByTestId("live-mean").getByTestId("rating")).toHaveText("კარგი");
  await form.locator("#field-summary_comment").fill("კარგი წელი.");
  await form.locator("button[type=submit]").click();
  // The extremes need a comment: refused in each row that lacks one, all at once, nothing lost.
  for (const code of ["QUALITY", "COMMUNICATION", "PROBLEMS"]) {
    await expect(form.getByTestId(`comment-error-${code}`)).toHaveText("უმაღლეს და უმდაბლეს ქულას კომენტარი სჭირდება.");
    await expect(form.getByTestId(`comment-${code}`)).toHaveAttribute("aria-invalid", "true");
  }
  await expect(form.getByTestId("comment-error-RESULTS")).toHaveCount(0);
  await expect(form.getByTestId("score-QUALITY")).toHaveValue("4");
  for (const code of ["QUALITY", "COMMUNICATION", "PROBLEMS"]) await form.getByTestId(`comment-${code}`).fill("გამორჩეული შედეგი.");
  await form.locator("button[type=submit]").click();
  await expect(stage(manager)).toHaveText("გაცნობა");
  await expect(manager.getByTestId("pending-mark")).toContainText("3.43");

  // The officer acknowledges; HR finalizes.
  await officer.goto(url);
  await waitForHydration(officer);
  // Nothing is chosen for the officer: signing without a choice is refused, by field.
  const answerForm = officer.getByTestId("answer-form");
  await expect(answerForm.getByTestId("answer-acknowledge")).not.toBeChecked();
  await expect(answerForm.getByTestId("answer-object")).not.toBeChecked();
  // The browser holds the form until the box is ticked; ticked without a choice, the server
  // refuses and says so next to the choice.
  await answerForm.locator("button[type=submit]").click();
  await expect(answerForm.locator("input[name=confirm]:invalid")).toHaveCount(1);
  await answerForm.getByTestId("confirm").check();
  await answerForm.locator("button[type=submit]").click();
  await expect(answerForm.locator(".radio-choice .field-error")).toBeVisible();
  await expect(stage(officer)).toHaveText("გაცნობა");
  await answerForm.getByTestId("answer-acknowledge").check();
  await answerForm.getByTestId("confirm").check();
  await answerForm.locator("button[type=submit]").click();
  await expect(stage(officer)).toHaveText("დასრულებას ელოდება");
  await hr.goto(url);
  await waitForHydration(hr);
  await hr.getByTestId("confirm").check();
  await hr.getByTestId("finalize").click();
  await expect(stage(hr)).toHaveText("დასრულებული");
  await expect(hr.getByTestId("final-mark")).toHaveText("3.43");

  // The sheet prints with the mark, in English too.
  await hr.goto(url + "/print");
  await expect(hr.getByTestId("sheet-mark")).toHaveText("3.43");
  await hr.getByTestId("lang-en").click();
  await expect(hr.getByTestId("sheet")).toContainText("Evaluation sheet");
  await hr.getByTestId("lang-ka").click();
  expect(errors).toEqual([]);
});

test("the inbox: the mayor has an appeal to decide, HR evaluations to finalize; the dashboard charts results", async ({ browser }) => {
  const mayor = await as(browser, "mayor");
  await mayor.goto("/inbox");
  await expect(mayor.getByTestId("inbox")).toContainText("საჩივარი");
  const hr = await as(browser, "hr");
  await hr.goto("/inbox");
  await expect(hr.getByTestId("inbox")).toContainText("დაასრულეთ");
  // The menu counts the same tasks beside "Tasks", and says so to a screen reader in words.
  const tasks = await hr.getByTestId("inbox").locator("li").count();
  const badge = hr.locator(".site-nav").getByTestId("inbox-count");
  await expect(badge.locator("[aria-hidden=true]")).toHaveText(String(tasks));
  await expect(badge.locator(".visually-hidden")).toContainText(`ელოდება ${tasks} დავალება`);
  await hr.getByTestId("lang-en").click();
  await expect(badge.locator(".visually-hidden")).toContainText(`${tasks} tasks waiting`);
  await hr.getByTestId("lang-ka").click();
  await hr.goto("/cycles");
  await hr.getByTestId("cycles").locator("a", { hasText: String(LIVE_YEAR - 1) }).click();
  await expect(hr.getByTestId("distribution-chart")).toBeVisible();
  await expect(hr.getByTestId("progress")).toBeVisible();
  // A manager cannot open HR's dashboard.
  const manager = await as(browser, "manager");
  await manager.goto(hr.url());
  await expect(manager.getByTestId("form-error")).toBeVisible();
});
