import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../lib/db/open";
import { databaseUrl, POSTGRES_ADMIN_URL, uniqueName, withAdmin } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
    postgresSkipReason: string;
  }
}

/** Migrates one template of each database; every suite then starts from a copy of it. */
export default async function setup(project: TestProject) {
  const pgliteTemplate = mkdtempSync(join(tmpdir(), "roundtable-template-"));
  await (await openDatabase({ kind: "pglite", dir: join(pgliteTemplate, "db") })).close();
  project.provide("pgliteTemplate", pgliteTemplate);

  let postgresTemplate = "";
  let postgresSkipReason = "";
  try {
    postgresTemplate = uniqueName("roundtable_template");
    await withAdmin((admin) => admin.query(`CREATE DATABASE "${postgresTemplate}"`));
    await (await openDatabase({ kind: "postgres", url: databaseUrl(postgresTemplate) })).close();
  } catch (error) {
    postgresSkipReason = `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (${(error as Error).message}); its tests are skipped.`;
    console.warn(`\n${postgresSkipReason}\n`);
    postgresTemplate = "";
  }
  project.provide("postgresTemplate", postgresTemplate);
  project.provide("postgresSkipReason", postgresSkipReason);

  return async () => {
    rmSync(pgliteTemplate, { recursive: true, force: true });
    if (postgresTemplate) await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${postgresTemplate}" WITH (FORCE)`));
  };
}
