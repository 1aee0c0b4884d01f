/**
 * Runs the test model server on its own, for benchmarks and for tests that drive the app in another
 * process (script it over HTTP with /_control/script):
 *
 *   node --import tsx tests/support/model-server-cli.ts --port 3199 [--host 127.0.0.1] [--models a,b]
 */
import { parseArgs } from "node:util";
import { startModelServer } from "./model-server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string" },
    models: { type: "string" },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number, not ${JSON.stringify(values.port)}`);
  process.exit(2);
}

const server = await startModelServer({
  port,
  host: values.host,
  models: values.models?.split(",").map((id) => id.trim()).filter(Boolean),
});
console.log(`model server listening on ${server.url}`);

const stop = () => {
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
