import { expect, test } from "@playwright/test";
import { as, waitForHydration } from "./helpers";

// Monthly work plans (issue 15): the demo employee's October report waits for the head of the
// department; the head evaluates it and the employee reads the evaluation and its instructions.

test("the manager evaluates a monthly report and the officer reads it", async ({ browser }) => {
  const manager = await as(browser, "manager");
  await manager.goto("/work-plans");
  await waitForHydration(manager);
  await manager.getByTestId("to-act").getByRole("link", { name: "10.2026" }).first().click();
  const form = manager.getByTestId("evaluate-form");
  await form.getByTestId("rating-excellent").check();
  await form.locator("textarea[name=comments]").fill("საფუძვლიანი და დროული ანგარიში.");
  await form.getByTestId("confirm").check();
  await form.locator("button[type=submit]").click();
  await expect(manager.getByTestId("rating")).toHaveText("საუკეთესო");
  const url = manager.url();

  const employee = await as(browser, "employee");
  await employee.goto(url);
  await waitForHydration(employee);
  await expect(employee.getByTestId("rating")).toHaveText("საუკეთესო");
  await employee.getByTestId("lang-en").click();
  await expect(employee.getByTestId("plan-state")).toHaveText("Evaluated");
});

test("a published month is public", async ({ page }) => {
  await page.goto("/public/work-reports");
  await page.getByTestId("publications").getByRole("link").first().click();
  await expect(page.locator("h1")).toContainText("09.2026");
  await expect(page.getByTestId("sign-out")).toHaveCount(0);
});
