import { Page } from "@playwright/test";
import { DemoUser } from "./helpers";

// Every page of the app, by who opens it (issue 16). Pages of one record take the first record
// their list links to. The phone-width, accessibility and HTML checks walk the same list.

export const STATIC: Record<DemoUser, string[]> = {
  hr: [
    "/", "/employees", "/employees/new", "/org", "/org/base-salary", "/reports", "/cycles",
    "/evaluations", "/evaluation-method", "/inbox", "/classes", "/class-orders", "/equalization",
    "/pay-register", "/class-reports", "/class-settings", "/discipline", "/training", "/orders",
    "/audit", "/import", "/attestation", "/probation", "/promotion", "/work-plans", "/vacancies",
    "/vacancies/status", "/competitions", "/competitions/reports", "/competitions/holidays",
    "/account/password", "/search?q=%E1%83%A1%E1%83%90%E1%83%9B%E1%83%A1%E1%83%90%E1%83%AE%E1%83%A3%E1%83%A0%E1%83%98",
  ],
  manager: ["/", "/me", "/inbox", "/evaluations", "/work-plans", "/probation", "/employees", "/search?q=%E1%83%90%E1%83%9C"],
  employee: ["/", "/me", "/inbox", "/evaluations"],
  mayor: ["/", "/inbox", "/orders", "/class-orders", "/promotion", "/competitions", "/attestation"],
  commission: ["/", "/competitions", "/attestation"],
  hr2: [], commission2: [], commission3: [], probationer: ["/", "/me", "/probation"],
};

/** Pages of one record: the list that links to them and the link's pattern. */
export const RECORDS: [string, RegExp][] = [
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

/** The pages `user` opens: the static ones and, for HR, a record of each kind and a print view. */
export async function routesOf(page: Page, user: DemoUser): Promise<string[]> {
  const paths = [...STATIC[user]];
  if (user === "hr") {
    for (const [list, pattern] of RECORDS) {
      const link = await firstLink(page, list, pattern);
      if (link) paths.push(link);
    }
    const evaluation = paths.find((p) => /^\/evaluations\/\d+$/.test(p));
    if (evaluation) paths.push(`${evaluation}/print`);
    for (const record of [/^\/employees\/\d+$/, /^\/orders\/\d+$/]) {
      const found = paths.find((p) => record.test(p));
      if (found) paths.push(`${found}/print`);
    }
  }
  return paths;
}

/** The roles whose pages the suite walks (the second HR and commission members see the same). */
export const ROLES: DemoUser[] = ["hr", "manager", "employee", "mayor", "commission", "probationer"];
