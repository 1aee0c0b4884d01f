// Run as `npm run seed` (the react-server condition lets it load lib modules marked server-only).
// Installs the demo data (two people, two assistants, one thread) into the configured database,
// then prints how to sign in. Safe to run again: it changes nothing if the demo is there.
import { databaseTarget } from "../lib/config";
import { openDatabase } from "../lib/db/open";
import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from "../lib/demo";

const target = databaseTarget();
const database = await openDatabase(target);
try {
  const installed = await seedDemo(database.prisma);
  const where = target.kind === "pglite" ? `embedded database in ${target.dir}` : "PostgreSQL (DATABASE_URL)";
  console.log(`\n${installed ? "Demo data installed" : "Demo data already present"} in the ${where}.`);
  console.log(`Sign in at http://localhost:${process.env.PORT || 3000} as ${DEMO_PEOPLE[0].email} or ${DEMO_PEOPLE[1].email}, password "${DEMO_PASSWORD}", or create your own account.\n`);
} finally {
  await database.close();
}
