import { Socket } from "node:net";
import pg from "pg";

const ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export function postgresReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.connect(5432, "127.0.0.1", () => done(true));
  });
}

async function admin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates `roundtable_bench_<pid>` and returns its URL. */
export async function createBenchDatabase(): Promise<{ name: string; url: string }> {
  const name = `roundtable_bench_${process.pid}`;
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  });
  return { name, url: `postgresql://postgres@127.0.0.1:5432/${name}` };
}

export async function dropBenchDatabase(name: string): Promise<void> {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
