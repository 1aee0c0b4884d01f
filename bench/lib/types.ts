import type { ModelTap } from "./server";

export type Database = "pglite" | "postgres";

export type Result = {
  name: string;
  database: Database;
  measured: number;
  baseline: number | null;
  target: number;
  unit: string;
  pass: boolean;
};

/** What every figure gets: the running app, its model server (through the tap) and signed-in sessions. */
export type BenchContext = {
  database: Database;
  /** http://localhost:<port> (Auth.js redirects to localhost). */
  base: string;
  /** http://127.0.0.1:<port> of the model server's control API. */
  modelControl: string;
  /** The model server's OpenAI base URL as the app sees it (through the tap). */
  modelUrl: string;
  tap: ModelTap;
  serverPid: number;
  cookies: { ada: string; grace: string };
  prepared: Prepared;
  notes: string[];
  log: (line: string) => void;
};

/** What bench/lib/prepare-db.ts inserted before the server started. */
export type Prepared = { throughputThreadIds: string[]; bigThreadId: string; bigThreadMessages: number; smallThreadId: string };
