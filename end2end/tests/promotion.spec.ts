import { expect, test } from "@playwright/test";
import { as, waitForHydration } from "./helpers";

// Promotion (issue 15): the mayor opens the vacancy decided for promotion from the board, sees
// the commission's nominee checked condition by condition on a phone, in both languages.

test("the promotion check explains each condition of the nominee", async ({ browser }) => {
  const mayor = await as(browser, "mayor");
  await mayor.setViewportSize({ width: 390, height: 844 });
  await mayor.goto("/promotion");
  await expect(mayor.getByTestId("nominees").locator("tbody tr")).toHaveCount(1);
  const href = (await mayor.getByTestId("nominees").locator("tbody tr a").first().getAttribute("href")) ?? "";
  const nominee = href.split("/").pop();
  await mayor.getByTestId("promotion-vacancies").locator("tbody tr a").first().click();
  await expect(mayor).toHaveURL(/\/promotion\/\d+$/);
  const candidate = mayor.getByTestId(`candidate-${nominee}`);
  await expect(candidate).toHaveCount(1);
  await expect(candidate.locator("[data-testid^=condition-]")).toHaveCount(5);
  await expect(candidate.getByTestId("condition-consent")).toContainText("არ სრულდება");
  await expect(candidate.getByTestId("verdict")).toHaveText("არ აკმაყოფილებს ყველა პირობას");
  const overflow = await mayor.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await waitForHydration(mayor);
  await mayor.getByTestId("lang-en").click();
  await expect(candidate.getByTestId("verdict")).toHaveText("Does not meet every condition");
  await expect(candidate.getByTestId("condition-consent")).toContainText("does not hold");
});
