import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

// Runs with JavaScript disabled: every form is a plain HTML form post.

test("without JavaScript: sign in, switch language, sign out", async ({ page }) => {
  await signIn(page, "hr");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("home-title")).toContainText("მოგესალმებით");
  await expect(page.locator("html")).not.toHaveAttribute("data-hydrated", "true");
  await page.getByTestId("lang-en").click();
  await expect(page.getByTestId("home-title")).toContainText("Welcome");
  await page.getByTestId("lang-ka").click();
  await expect(page.getByTestId("home-title")).toContainText("მოგესალმებით");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("without JavaScript: a wrong password shows the localized error", async ({ page }) => {
  await signIn(page, "manager", "wrong-password-here");
  await expect(page.getByTestId("form-error")).toHaveText("მომხმარებლის სახელი ან პაროლი არასწორია.");
});
