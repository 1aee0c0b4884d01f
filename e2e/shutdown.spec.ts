import { spawn, type ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { MODEL_PORT } from "../playwright.config";
import { AuthPages } from "./pages/auth";
import { ModelServerControl } from "./pages/model-server";
import { ThreadPage } from "./pages/thread";

// An app instance of this test's own (the production build, as e2e/start-server.sh starts it),
// since the test stops it.
const PORT = Number(process.env.E2E_PORT || 3100) + 2;
const APP = `http://localhost:${PORT}`;
const DATA_DIR = join(tmpdir(), `roundtable-e2e-shutdown-${PORT}`);
/** What the issue asks: a stop within 10 s, pages open and a reply streaming. */
const STOP_LIMIT_MS = 10_000;

function exited(server: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => server.once("exit", (code) => resolve(code)));
}

async function waitUntilServing(server: ChildProcess) {
  const gone = exited(server).then((code) => {
    throw new Error(`the app exited (${code}) before serving`);
  });
  for (;;) {
    const answered = await Promise.race([fetch(`${APP}/signin`).then((response) => response.ok, () => false), gone]);
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** `fresh`: a new data folder with the demo data (the script); otherwise the same folder again. */
async function startApp(fresh: boolean): Promise<ChildProcess> {
  const env = {
    ...process.env,
    E2E_DATA_DIR: DATA_DIR,
    ROUNDTABLE_DATA_DIR: DATA_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    OPENAI_BASE_URL: `http://127.0.0.1:${MODEL_PORT}/v1`,
    OPENAI_API_KEY: "e2e",
  };
  const server = fresh
    ? spawn("bash", ["e2e/start-server.sh", String(PORT), String(MODEL_PORT)], { env, stdio: "inherit" })
    : spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], { env, stdio: "inherit" });
  await waitUntilServing(server);
  return server;
}

async function openThread(browser: Browser, email: string) {
  const context = await browser.newContext({ baseURL: APP });
  const page = await context.newPage();
  await new AuthPages(page).signIn({ email, password: "roundtable-demo" });
  await expect(page).toHaveURL(/\/threads\//);
  return { page, thread: new ThreadPage(page) };
}

/** Sends SIGTERM and waits for the exit code; fails (and kills it) if it is still running after the limit. */
async function stop(server: ChildProcess): Promise<number | null> {
  const exit = exited(server);
  server.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      server.kill("SIGKILL");
      reject(new Error(`still running ${STOP_LIMIT_MS} ms after SIGTERM`));
    }, STOP_LIMIT_MS);
  });
  try {
    return await Promise.race([exit, limit]);
  } finally {
    clearTimeout(timer);
  }
}

test("SIGTERM stops the server in time with pages open and a reply streaming; the pages reconnect when it is back", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const model = new ModelServerControl(request);
  await model.reset();
  let server = await startApp(true);
  try {
    const ada = await openThread(browser, "ada@example.com");
    const grace = await openThread(browser, "grace@example.com");
    await model.script({ chunks: Array.from({ length: 300 }, (_, index) => `w${index} `), tokenDelayMs: 100 });
    await ada.thread.send("@analyst talk for a while");
    const reply = grace.thread.message("Analyst").last();
    await expect(reply).toContainText("w3");

    // 128 + SIGTERM's number, as Next's own handler exits.
    expect(await stop(server)).toBe(143);

    // Back on the same data: the open pages reconnect by themselves and show how the reply ended.
    server = await startApp(false);
    for (const viewer of [ada, grace]) {
      const ended = viewer.thread.message("Analyst").last();
      await expect(ended).toContainText("The server stopped while this run was in progress");
      await expect(ended).toContainText("w3");
      await expect(ended.getByRole("button", { name: "Retry Analyst's reply" })).toBeVisible();
    }
  } finally {
    if (server.exitCode === null) await stop(server);
  }
});
