import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT || 3100);
export const MODEL_PORT = Number(process.env.E2E_MODEL_PORT || 3199);
/** The app's data folder in these tests, so that they can check what was (not) written there. */
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR || join(tmpdir(), `roundtable-e2e-${PORT}`);
/** Small, so that a test can exceed it cheaply. */
export const E2E_FILE_MAX_BYTES = 1024 * 1024;
/**
 * Sign-ups per client address and hour. Behind the "trusted proxy" (TRUST_PROXY below) every test
 * signs up from 127.0.0.1 unless it sends its own X-Forwarded-For: this must cover the whole suite.
 */
export const E2E_SIGNUP_LIMIT = 25;

// Debian's Chromium; Playwright never downloads a browser here.
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
      ],
    },
  },
  webServer: [
    {
      // Our scriptable OpenAI-compatible server: the app's model provider in these tests.
      command: `node --import tsx tests/support/model-server-cli.ts --port ${MODEL_PORT}`,
      url: `http://127.0.0.1:${MODEL_PORT}/v1/models`,
      timeout: 30_000,
      reuseExistingServer: false,
    },
    {
      // The production build (scripts/test.sh builds first) on a fresh embedded database with the demo data.
      command: `bash e2e/start-server.sh ${PORT} ${MODEL_PORT}`,
      env: {
        E2E_DATA_DIR,
        FILE_MAX_BYTES: String(E2E_FILE_MAX_BYTES),
        MODEL_IMAGE_INPUT: "demo,test-model",
        TRUST_PROXY: "1",
        RATE_LIMIT_SIGNUP: `${E2E_SIGNUP_LIMIT}/3600`,
        // The demo people post 200 messages in one test, start many runs and keep pages of earlier
        // tests open (each with two live streams) across the suite; the per-person limits are tested
        // in integration (guard-limits.test.ts).
        RATE_LIMIT_POST: "off",
        RATE_LIMIT_RUNS: "off",
        RATE_LIMIT_STREAMS: "off",
      },
      url: `http://localhost:${PORT}/signin`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
    },
  ],
});
