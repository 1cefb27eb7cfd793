import { Browser, expect, Page } from "@playwright/test";

export const DEMO = {
  hr: "Mokhele-HR-2026",
  hr2: "Mokhele-HR2-2026",
  manager: "Mokhele-Manager-2026",
  employee: "Mokhele-Employee-2026",
  mayor: "Mokhele-Mayor-2026",
  commission: "Mokhele-Commission-2026",
  commission2: "Mokhele-Commission2-2026",
  commission3: "Mokhele-Commission3-2026",
  probationer: "Mokhele-Probationer-2026",
} as const;
export type DemoUser = keyof typeof DEMO;

/**
 * The instant the server's clock starts at (scripts/e2e-server.sh passes the same value as
 * MOKHELE_CLOCK): the demo is loaded relative to it, so the specs derive their dates from it
 * and pass on any day.
 */
export const NOW = new Date(process.env.MOKHELE_TEST_NOW ?? "2026-11-20T08:00:00Z");

/** Georgia keeps UTC+4 all year. */
const GEORGIA_OFFSET_MS = 4 * 3600 * 1000;

/** A day in Georgia `offset` days from the test's today, as a date field takes it (yyyy-mm-dd). */
export function day(offset = 0): string {
  return new Date(NOW.getTime() + GEORGIA_OFFSET_MS + offset * 86_400_000).toISOString().slice(0, 10);
}

/** The year of the demo's cycle that is half-way through (the demo's own rule: 60 days back). */
export const LIVE_YEAR = Number(day(-60).slice(0, 4));

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

/** Opens the order registry's form on /orders and registers a main order of the mayor. */
export async function registerOrder(page: Page, number: string, date: string, title: string) {
  await page.locator("details summary", { hasText: "ბრძანების რეგისტრაცია" }).click();
  await page.locator("#field-number").fill(number);
  await page.locator("#field-order_date").fill(date);
  await page.locator("#field-issuer").selectOption("mayor");
  await page.locator("#field-order_type").selectOption("main");
  await page.locator("#field-title").fill(title);
  await page.locator("form.form button[type=submit]").click();
}
