import { expect, Page, test } from "@playwright/test";
import { as, DemoUser, waitForHydration } from "./helpers";

// Issue 16: every screen at a phone's width (390 px) has no sideways scroll, the header and
// menu leave the page most of the screen, and dates read dd.mm.yyyy. The routes are every page
// of the app; pages of one record take the first record their list links to.

const STATIC: Record<DemoUser, string[]> = {
  hr: [
    "/", "/employees", "/employees/new", "/org", "/org/base-salary", "/reports", "/cycles",
    "/evaluations", "/evaluation-method", "/inbox", "/classes", "/class-orders", "/equalization",
    "/pay-register", "/class-reports", "/class-settings", "/discipline", "/training", "/orders",
    "/audit", "/import", "/attestation", "/probation", "/promotion", "/work-plans", "/vacancies",
    "/vacancies/status", "/competitions", "/competitions/reports", "/competitions/holidays",
    "/account/password",
  ],
  manager: ["/", "/me", "/inbox", "/evaluations", "/work-plans", "/probation", "/employees"],
  employee: ["/", "/me", "/inbox", "/evaluations"],
  mayor: ["/", "/inbox", "/orders", "/class-orders", "/promotion", "/competitions", "/attestation"],
  commission: ["/", "/competitions", "/attestation"],
  hr2: [], commission2: [], commission3: [], probationer: ["/", "/me", "/probation"],
};

/** Pages of one record: the list that links to them and the link's pattern. */
const RECORDS: [string, RegExp][] = [
  ["/employees", /^\/employees\/\d+$/],
  ["/cycles", /^\/cycles\/\d+$/],
  ["/evaluations", /^\/evaluations\/\d+$/],
  ["/org", /^\/org\/units\/\d+$/],
  ["/class-orders", /^\/class-orders\/\d+$/],
  ["/orders", /^\/orders\/\d+$/],
  ["/attestation", /^\/attestation\/\d+$/],
  ["/probation", /^\/probation\/\d+$/],
  ["/promotion", /^\/promotion\/\d+$/],
  ["/work-plans", /^\/work-plans\/\d+$/],
  ["/vacancies", /^\/vacancies\/\d+$/],
  ["/competitions", /^\/competitions\/\d+$/],
];

async function firstLink(page: Page, list: string, pattern: RegExp): Promise<string | null> {
  await page.goto(list);
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.find((h) => pattern.test(h)) ?? null;
}

async function checkScreen(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await expect(page.locator("main")).not.toBeEmpty();
  const sizes = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    header: document.querySelector("header")?.getBoundingClientRect().height ?? 0,
    // What sticks out: the widest elements past the right edge, to name in the failure.
    culprits: Array.from(document.querySelectorAll("main *"))
      .filter((e) => {
        if (e.getBoundingClientRect().right <= window.innerWidth + 1) return false;
        // Inside a box that scrolls (or clips) on its own: not the page's problem.
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
          if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return false;
        }
        return true;
      })
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${(e as HTMLElement).className}`),
    isoDates: Array.from(document.querySelectorAll("main"), (m) => {
      // The audit log's before/after columns and record keys are stored data, shown as recorded.
      const copy = m.cloneNode(true) as HTMLElement;
      copy.querySelectorAll("td.json, .record-key").forEach((e) => e.remove());
      return copy.textContent ?? "";
    }).join(" ").match(/\b(19|20)\d\d-\d\d-\d\d\b/g) ?? [],
    // A label must focus its own field: no id twice, no empty references.
    duplicateIds: (() => {
      const seen = new Map<string, number>();
      document.querySelectorAll("[id]").forEach((e) => seen.set(e.id, (seen.get(e.id) ?? 0) + 1));
      return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    })(),
    emptyReferences: Array.from(document.querySelectorAll("[aria-describedby], [aria-labelledby]"))
      .filter((e) => ["aria-describedby", "aria-labelledby"].some((a) => e.hasAttribute(a) && !e.getAttribute(a)?.trim()))
      .map((e) => e.outerHTML.slice(0, 80)),
  }));
  expect.soft(sizes.duplicateIds, `${path}: ids used twice`).toEqual([]);
  expect.soft(sizes.emptyReferences, `${path}: empty aria references`).toEqual([]);
  expect.soft(sizes.scroll, `${path} scrolls sideways: ${sizes.culprits.join(", ")}`).toBeLessThanOrEqual(sizes.width);
  expect.soft(sizes.header, `${path}: the header takes ${sizes.header} px`).toBeLessThanOrEqual(140);
  expect.soft(sizes.isoDates, `${path} shows dates as yyyy-mm-dd`).toEqual([]);
}

for (const user of ["hr", "manager", "employee", "mayor", "commission", "probationer"] as DemoUser[]) {
  test(`every screen of ${user} fits a phone (390 px): no sideways scroll, a compact header, Georgian dates`, async ({ browser }) => {
    test.setTimeout(240_000);
    const page = await as(browser, user);
    await page.setViewportSize({ width: 390, height: 844 });
    const paths = [...STATIC[user]];
    if (user === "hr") {
      for (const [list, pattern] of RECORDS) {
        const link = await firstLink(page, list, pattern);
        if (link) paths.push(link);
      }
      const evaluation = paths.find((p) => /^\/evaluations\/\d+$/.test(p));
      if (evaluation) paths.push(`${evaluation}/print`);
    }
    for (const path of paths) await checkScreen(page, path);
  });
}

test("the menu collapses on a phone and opens on demand", async ({ browser }) => {
  const page = await as(browser, "hr");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/employees");
  await waitForHydration(page);
  const nav = page.getByRole("navigation", { name: /მთავარი მენიუ|Main menu/ });
  await expect(nav.getByRole("link", { name: "თანამშრომლები" })).toBeHidden();
  await page.getByTestId("menu-toggle").click();
  await expect(nav.getByRole("link", { name: "თანამშრომლები" })).toBeVisible();
});

test("a deep link survives sign-in: the page asked for opens after signing in", async ({ page }) => {
  await page.goto("/orders?year=2026");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Forders%3Fyear%3D2026$/);
  await page.getByLabel(/მომხმარებლის სახელი|Username/).fill("hr");
  await page.locator("#field-password").fill("Mokhele-HR-2026");
  await page.locator("form[data-testid=sign-in-form] button[type=submit]").click();
  await expect(page).toHaveURL(/\/orders\?year=2026$/);
});
