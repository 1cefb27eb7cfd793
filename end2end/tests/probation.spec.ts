import { expect, test } from "@playwright/test";
import { as, waitForHydration } from "./helpers";

// Probation (issue 15): the demo's probationer has a negative first quarter; the manager
// reviews the second negatively, the probationer answers in writing, the manager makes it
// final, and the two negatives raise a dismissal ground that the mayor decides.

test("two negative quarterly reviews raise a dismissal ground for the mayor", async ({ browser }) => {
  test.setTimeout(90_000);
  const manager = await as(browser, "manager");
  await manager.goto("/probation");
  await waitForHydration(manager);
  await manager.getByTestId("probations").getByRole("link", { name: "ნინო ბერიძე" }).click();
  await expect(manager.getByTestId("probationer")).toHaveText("ნინო ბერიძე");
  const url = manager.url();
  const q2 = manager.getByTestId("quarter-2");
  const review = q2.getByTestId("review-form");
  // Nothing is chosen for the manager: sending as is names both fields.
  await review.locator("textarea[name=justification]").fill(" ");
  await review.locator("button[type=submit]").click();
  await expect(review.locator(".field-error")).toHaveCount(2);
  await review.getByTestId("outcome-negative").check();
  await review.locator("textarea[name=justification]").fill("ანგარიშები კვლავ დაგვიანებით წარმოდგენილი.");
  await review.locator("button[type=submit]").click();
  await expect(q2.getByTestId("review-state")).toContainText("პასუხის მოლოდინში");

  const probationer = await as(browser, "probationer");
  await probationer.goto(url);
  await waitForHydration(probationer);
  const answer = probationer.getByTestId("quarter-2").getByTestId("answer-form");
  await answer.locator("textarea[name=answer]").fill("არ ვეთანხმები: დაგვიანება ახალი სისტემის ბრალია.");
  await answer.locator("button[type=submit]").click();
  await expect(probationer.getByTestId("quarter-2").getByTestId("answer")).toContainText("არ ვეთანხმები");

  await manager.reload();
  await waitForHydration(manager);
  const finalize = manager.getByTestId("quarter-2").getByTestId("finalize-form");
  await finalize.getByTestId("outcome-negative").check();
  await finalize.getByTestId("confirm").check();
  await finalize.locator("button[type=submit]").click();
  await expect(manager.getByTestId("ground")).toContainText("1, 2");

  const mayor = await as(browser, "mayor");
  await mayor.goto("/inbox");
  await mayor.getByTestId("inbox").locator("li", { hasText: "ნინო ბერიძე" }).getByRole("link").first().click();
  await expect(mayor).toHaveURL(url);
  await waitForHydration(mayor);
  await mayor.getByTestId("decide-continue").click();
  const form = mayor.getByTestId("continue-form");
  await form.locator("textarea[name=reason]").fill("პასუხი გათვალისწინებულია; ვადა გრძელდება.");
  await form.getByTestId("confirm").check();
  await form.locator("button[type=submit]").click();
  await expect(mayor.getByTestId("ground-decision")).toContainText("გამოსაცდელი ვადა გრძელდება");
  await expect(mayor.getByTestId("probation-state")).toHaveText("მიმდინარე");
});
