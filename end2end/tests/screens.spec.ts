import { expect, Page, test } from "@playwright/test";
import { as, registerOrder, waitForHydration } from "./helpers";
import { ROLES, routesOf } from "./routes";

// Issue 16: every screen at a phone's width (390 px) has no sideways scroll, the header and
// menu leave the page most of the screen, and dates read dd.mm.yyyy.

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

for (const user of ROLES) {
  test(`every screen of ${user} fits a phone (390 px): no sideways scroll, a compact header, Georgian dates`, async ({ browser }) => {
    test.setTimeout(240_000);
    const page = await as(browser, user);
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of await routesOf(page, user)) await checkScreen(page, path);
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

test("the menu's search finds people, units and orders and leads to them; a saved change says so", async ({ browser }) => {
  const page = await as(browser, "hr");
  await page.goto("/orders");
  await waitForHydration(page);
  const number = (await page.getByTestId("orders").locator("tbody tr").first().locator("td").first().textContent())!.trim();
  await page.getByTestId("menu-search").fill(number);
  await page.getByTestId("menu-search").press("Enter");
  await expect(page).toHaveURL(new RegExp(`/search\\?q=`));
  await expect(page.getByTestId("search-orders")).toContainText(number);
  // Too short to search: said under the field, in the page's language.
  await page.getByTestId("search-page-q").fill("ა");
  await page.getByTestId("search-page-q").press("Enter");
  await expect(page.getByTestId("search-problem")).toHaveText("შეიყვანეთ სულ მცირე 2 სიმბოლო.");
  await page.getByTestId("search-page-q").fill("სამსახური");
  await page.getByTestId("search-page-q").press("Enter");
  await expect(page.getByTestId("search-units").locator("li").first()).toBeVisible();
  await page.getByTestId("search-units").locator("a").first().click();
  await expect(page).toHaveURL(/\/org\/units\/\d+$/);
  // In the browser, a saved form says so at once.
  await page.goto("/orders");
  await waitForHydration(page);
  await registerOrder(page, "99-ძ", "02.03.2026", "ძიების შემოწმება");
  await expect(page.getByTestId("saved-notice")).toHaveText("ცვლილება შენახულია.");
});
