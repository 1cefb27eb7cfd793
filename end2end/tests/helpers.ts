import { Browser, expect, Page } from "@playwright/test";

export const DEMO = {
  hr: "Mokhele-HR-2026",
  manager: "Mokhele-Manager-2026",
  employee: "Mokhele-Employee-2026",
  mayor: "Mokhele-Mayor-2026",
  commission: "Mokhele-Commission-2026",
} as const;
export type DemoUser = keyof typeof DEMO;

/** Collects console errors and failed page loads; assert it stays empty. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

export async function waitForHydration(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

export async function signIn(page: Page, user: DemoUser, password: string = DEMO[user]) {
  await page.goto("/sign-in");
  await page.getByLabel(/მომხმარებლის სახელი|Username/).fill(user);
  await page.locator("#field-password").fill(password);
  await page.locator("form[data-testid=sign-in-form] button[type=submit]").click();
}

/** A page of its own (own cookies) signed in as `user`. */
export async function as(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  await waitForHydration(page);
  await signIn(page, user);
  await expect(page).toHaveURL(/\/$/);
  return page;
}
