import { defineConfig } from "@playwright/test";

// Debian's Chromium (never a downloaded browser). The server is the real binary on a port of
// its own with a fresh database holding the demo municipality.
const port = process.env.E2E_PORT ?? "3100";
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "ka-GE",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "hydrated", testIgnore: /nojs\.spec\.ts/ },
    { name: "no-javascript", testMatch: /nojs\.spec\.ts/, use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: "bash ../scripts/e2e-server.sh",
    url: `${baseURL}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { E2E_PORT: port },
    stdout: "ignore",
    stderr: "pipe",
  },
});
