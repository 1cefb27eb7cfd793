import { expect, Page, test } from "@playwright/test";
import { as } from "./helpers";

// Issue 16: every print view fits its A4 page. Each renders to PDF in Chromium, and under print
// media at the page's printable width the last column of every table, the totals and the
// signatures lie within the page.

/** CSS pixels across the printable area: A4 less the margins of style/main.css (96 px/in). */
const PORTRAIT = Math.floor(((210 - 2 * 18) / 25.4) * 96);
const LANDSCAPE = Math.floor(((297 - 2 * 12) / 25.4) * 96);

async function printView(page: Page, path: string, width: number, landscape: boolean) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  const pdf = await page.pdf({ format: "A4", landscape, preferCSSPageSize: true, printBackground: true });
  expect(pdf.subarray(0, 5).toString(), path).toBe("%PDF-");
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width, height: 1200 });
  const layout = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    // The right edge of each table's last header cell, and of totals and signatures.
    lastColumns: Array.from(document.querySelectorAll("main table")).map((t) => {
      const cells = t.querySelectorAll("tr:first-child > *");
      return cells.length ? cells[cells.length - 1].getBoundingClientRect().right : 0;
    }),
    closing: Array.from(document.querySelectorAll("main tfoot, main .signatures, main [data-testid=register-totals]"))
      .map((e) => e.getBoundingClientRect().right),
    hidden: Array.from(document.querySelectorAll("main .table-scroll")).filter((e) => e.scrollWidth > e.clientWidth + 1).length,
  }));
  await page.emulateMedia({ media: "screen" });
  expect(layout.scroll, `${path}: wider than the page`).toBeLessThanOrEqual(width);
  for (const right of [...layout.lastColumns, ...layout.closing]) expect(right, `${path}: cut at the edge`).toBeLessThanOrEqual(width + 1);
  expect(layout.hidden, `${path}: a table scrolls in print`).toBe(0);
  return layout;
}

async function firstLink(page: Page, list: string, pattern: RegExp): Promise<string> {
  await page.goto(list);
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const found = hrefs.find((h) => pattern.test(h));
  expect(found, `${list} links to ${pattern}`).toBeTruthy();
  return found as string;
}

test("the pay register prints on landscape A4 with every column, the totals and the signatures", async ({ browser }) => {
  const page = await as(browser, "hr");
  const layout = await printView(page, "/pay-register/print", LANDSCAPE, true);
  expect(layout.closing.length).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("register-totals")).toBeVisible();
});

test("the evaluation sheet, the attestation and competition minutes and the interview kit fit portrait A4", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await as(browser, "hr");
  const evaluation = await firstLink(page, "/evaluations", /^\/evaluations\/\d+$/);
  await printView(page, `${evaluation}/print`, PORTRAIT, false);
  const session = await firstLink(page, "/attestation", /^\/attestation\/\d+$/);
  await printView(page, `${session}/minutes`, PORTRAIT, false);
  const competition = await firstLink(page, "/competitions", /^\/competitions\/\d+$/);
  await printView(page, `${competition}/minutes`, PORTRAIT, false);
  await printView(page, `${competition}/kit`, PORTRAIT, false);
});

test("the personal file and an order print on portrait A4, linked from their pages, in both languages", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await as(browser, "hr");
  const file = await firstLink(page, "/employees", /^\/employees\/\d+$/);
  await page.goto(file);
  await expect(page.getByTestId("print-file")).toHaveAttribute("href", `${file}/print`);
  await printView(page, `${file}/print`, PORTRAIT, false);
  await expect(page.getByTestId("file-sheet")).toContainText("პირადი საქმე");
  await expect(page.getByTestId("file-sheet-assignments").locator("tbody tr").first()).toBeVisible();
  await expect(page.getByTestId("file-sheet").locator(".signatures")).toContainText("მოხელე");
  const order = await firstLink(page, "/orders", /^\/orders\/\d+$/);
  await page.goto(order);
  await expect(page.getByTestId("print-order")).toHaveAttribute("href", `${order}/print`);
  await printView(page, `${order}/print`, PORTRAIT, false);
  await expect(page.getByTestId("order-sheet").locator(".signatures")).toBeVisible();
  await page.getByTestId("lang-en").click();
  await expect(page.getByTestId("order-sheet")).toContainText("Order");
  await page.goto(`${file}/print`);
  await expect(page.getByTestId("file-sheet")).toContainText("Personal file");
  await page.getByTestId("lang-ka").click();
});
