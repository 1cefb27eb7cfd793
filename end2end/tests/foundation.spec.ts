import { expect, test } from "@playwright/test";
import { DEMO, DemoUser, signIn, waitForHydration, watchConsole } from "./helpers";

test("the page hydrates without console errors and gains interactive behaviour", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/sign-in");
  await waitForHydration(page);
  // The show-password toggle exists only once the wasm runs.
  const toggle = page.getByTestId("toggle-password");
  await expect(toggle).toBeVisible();
  const password = page.locator("#field-password");
  await expect(password).toHaveAttribute("type", "password");
  await toggle.click();
  await expect(password).toHaveAttribute("type", "text");
  await expect(toggle).toHaveText("პაროლის დამალვა");
  expect(errors).toEqual([]);
});

test("the server renders the page (view-source has the content)", async ({ request }) => {
  const response = await request.get("/sign-in");
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toContain('<html lang="ka"');
  expect(html).toContain("სისტემაში შესვლა");
  expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

const homes: [DemoUser, string][] = [
  ["hr", "card-hr"],
  ["manager", "card-manager"],
  ["employee", "card-employee"],
  ["mayor", "card-mayor"],
  ["commission", "card-commission"],
];

for (const [user, card] of homes) {
  test(`${user} signs in, sees their home page and signs out`, async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto("/sign-in");
    await waitForHydration(page);
    await signIn(page, user);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId("home-title")).toContainText("მოგესალმებით");
    await expect(page.getByTestId(card)).toBeVisible();
    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole("heading", { name: "სისტემაში შესვლა" })).toBeVisible();
    expect(errors).toEqual([]);
  });
}

test("a manager sees how many people they supervise; HR sees the organisation", async ({ page }) => {
  await signIn(page, "manager");
  await expect(page.getByTestId("stat-supervised")).toBeVisible();
  await expect(page.getByTestId("stat-staff")).toHaveCount(0);
  await waitForHydration(page);
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, "hr");
  await expect(page.getByTestId("stat-services")).toContainText("8");
  await expect(page.getByTestId("stat-departments")).toContainText("17");
});

test("a wrong password shows the localized error, in both languages", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/sign-in");
  await waitForHydration(page);
  await signIn(page, "hr", "not-the-password");
  await expect(page.getByTestId("form-error")).toHaveText("მომხმარებლის სახელი ან პაროლი არასწორია.");
  // `signIn` loads the page again: switch only once the wasm has taken over, or the switch is
  // a plain form post that reloads the page (without the error, which lived in the form).
  await waitForHydration(page);
  await page.getByTestId("lang-en").click();
  await expect(page.getByTestId("form-error")).toHaveText("Wrong username or password.");
  await page.getByTestId("lang-ka").click();
  // The failed sign-in answers 401, which the browser logs; nothing else may.
  expect(errors.filter((e) => !e.includes("401"))).toEqual([]);
});

test("HR switches to English, the choice is remembered, and switches back", async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, "hr");
  await expect(page.getByTestId("home-title")).toContainText("მოგესალმებით");
  await waitForHydration(page);
  await page.getByTestId("lang-en").click();
  await expect(page.getByTestId("home-title")).toContainText("Welcome");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("navigation")).toContainText("Home");
  // Names of people linked to an employee record are shown in Latin script in English.
  await expect(page.locator(".user-name")).toHaveText(/^[A-Za-z -]+$/);
  await page.reload();
  await expect(page.getByTestId("home-title")).toContainText("Welcome");
  await page.getByTestId("lang-ka").click();
  await expect(page.getByTestId("home-title")).toContainText("მოგესალმებით");
  // The choices of an open page's lists follow the switch too: units and genders.
  await page.goto("/employees");
  await waitForHydration(page);
  const gender = page.locator("#field-gender option[value=female]");
  await expect(gender).toHaveText("ქალი");
  const unit = page.locator("#field-unit option").nth(1);
  const unitKa = (await unit.textContent())!;
  await page.getByTestId("lang-en").click();
  await expect(gender).toHaveText("Female");
  await expect(unit).not.toHaveText(unitKa);
  await page.getByTestId("lang-ka").click();
  await expect(gender).toHaveText("ქალი");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(errors).toEqual([]);
});

test("unknown pages show the localized 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "გვერდი ვერ მოიძებნა" })).toBeVisible();
});

test("the layout fits a phone screen", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signIn(page, "employee");
  await expect(page.getByTestId("home-title")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  void DEMO;
});

test("the first administrator must set a password before anything else", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/sign-in");
  await waitForHydration(page);
  await page.locator("#field-username").fill("admin");
  await page.locator("#field-password").fill("e2e-admin-passphrase");
  await page.locator("form[data-testid=sign-in-form] button[type=submit]").click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByTestId("must-change")).toBeVisible();
  await expect(page.getByRole("navigation")).toHaveCount(0);
  // Bad input: the two new passwords differ.
  await page.locator("#field-current").fill("e2e-admin-passphrase");
  await page.locator("#field-new").fill("a-new-long-passphrase");
  await page.locator("#field-confirmation").fill("a-different-passphrase");
  await page.getByRole("button", { name: "პაროლის შეცვლა" }).click();
  await expect(page.locator("#field-confirmation-error")).toHaveText("პაროლები ერთმანეთს არ ემთხვევა.");
  await expect(page.locator("#field-confirmation")).toHaveAttribute("aria-invalid", "true");
  await page.locator("#field-confirmation").fill("a-new-long-passphrase");
  await page.getByRole("button", { name: "პაროლის შეცვლა" }).click();
  await expect(page.getByTestId("home-title")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "პაროლი შეიცვალა" })).toBeVisible();
  expect(errors.filter((e) => !e.includes("422"))).toEqual([]);
});
