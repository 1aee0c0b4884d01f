import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createAssistant, duplicateAssistant, getAssistant, listAssistants, updateAssistant } from "../../lib/assistants";
import type { AssistantInput } from "../../lib/assistants/schema";
import { ValidationError } from "../../lib/errors";
import { parseTools, type ToolDefinition } from "../../lib/tools";
import { registerBuiltinTool, runToolCall, toolsForModel, type ToolContext } from "../../lib/tools/registry";
import { SIGNATURE_HEADER, verifyWebhook } from "../../lib/webhooks";
import { describeEachDatabase } from "../support/databases";
import { person } from "../support/fixtures";

// The receiver below listens on 127.0.0.1, which webhooks may only reach when private addresses are allowed.
process.env.WEBHOOK_ALLOW_PRIVATE = "true";
process.env.WEBHOOK_RETRY_BACKOFF_MS = "1";

let receiver: Server;
let hookUrl = "";
let received: { headers: IncomingMessage["headers"]; body: string }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const body = Buffer.concat(parts).toString("utf8");
      received.push({ headers: req.headers, body });
      const { arguments: args } = JSON.parse(body) as { arguments: { city: string } };
      res.end(`Sunny in ${args.city}`);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/weather`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
beforeEach(() => {
  received = [];
});

let counter = 0;
const parameters = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
const webhookFunction = (output: Record<string, unknown> = {}) => ({
  type: "function" as const,
  function: { name: "get_weather", description: "Weather for a city", parameters },
  output: { source: "webhook" as const, url: hookUrl, timeoutSeconds: 5, retries: 1, ...output },
});
const fields = (tools: AssistantInput["tools"]): AssistantInput => ({ name: "Forecaster", handle: `forecaster-tools${++counter}${Date.now().toString(36)}`, model: "test-model", tools });

describeEachDatabase("tools", (database) => {
  it("gives each webhook function a signing secret shown once, kept on the server and never sent back", async () => {
    const { prisma } = database();
    const ada = await person(prisma, "Ada");
    const created = await createAssistant(prisma, { userId: ada.id, input: fields([webhookFunction()]) });
    expect(created.newSecrets).toEqual([{ functionName: "get_weather", secret: expect.stringMatching(/^whsec_/) }]);
    const secret = created.newSecrets[0]!.secret;
    const [tool] = parseTools(created.tools);
    expect(tool).toMatchObject({ output: { source: "webhook", url: hookUrl, secretId: expect.any(String) } });
    const read = await getAssistant(prisma, { userId: ada.id, assistantId: created.id });
    expect(JSON.stringify(read)).not.toContain(secret);
    expect(JSON.stringify(await listAssistants(prisma, { userId: ada.id }))).not.toContain(secret);

    // Saved again with its secret id: the same secret, nothing new to show.
    const kept = await updateAssistant(prisma, { userId: ada.id, assistantId: created.id, expectedUpdatedAt: read.updatedAt, input: fields(read.tools) });
    expect(kept.newSecrets).toEqual([]);
    expect(parseTools(kept.tools)).toEqual(parseTools(read.tools));

    // Without it (the owner asked for a new secret): a new one, and the old one is gone.
    const renewed = await updateAssistant(prisma, { userId: ada.id, assistantId: created.id, expectedUpdatedAt: kept.updatedAt, input: fields([webhookFunction()]) });
    expect(renewed.newSecrets).toHaveLength(1);
    expect(renewed.newSecrets[0]!.secret).not.toBe(secret);
    expect(await prisma.webhookSecret.count({ where: { assistantId: created.id } })).toBe(1);

    // A person-answered function needs none: the secret goes with the webhook.
    await updateAssistant(prisma, {
      userId: ada.id,
      assistantId: created.id,
      expectedUpdatedAt: renewed.updatedAt,
      input: fields([{ type: "function", function: { name: "get_weather", parameters }, output: { source: "person", answeredBy: "starter" } }]),
    });
    expect(await prisma.webhookSecret.count({ where: { assistantId: created.id } })).toBe(0);
  });

  it("gives a copy secrets of its own", async () => {
    const { prisma } = database();
    const ada = await person(prisma, "Ada");
    const bob = await person(prisma, "Bob");
    const original = await createAssistant(prisma, { userId: ada.id, input: fields([webhookFunction()]) });
    const copy = await duplicateAssistant(prisma, { userId: bob.id, assistantId: original.id });
    expect(copy.newSecrets).toEqual([{ functionName: "get_weather", secret: expect.stringMatching(/^whsec_/) }]);
    expect(copy.newSecrets[0]!.secret).not.toBe(original.newSecrets[0]!.secret);
    const secretIds = (tools: unknown) => parseTools(tools).map((tool) => (tool.type === "function" && tool.output?.source === "webhook" ? tool.output.secretId : null));
    expect(secretIds(copy.tools)[0]).not.toBe(secretIds(original.tools)[0]);
  });

  it("refuses settings out of range, non-http addresses and functions named like built-in tools", async () => {
    const { prisma } = database();
    const ada = await person(prisma, "Ada");
    const error = await createAssistant(prisma, {
      userId: ada.id,
      input: fields([
        webhookFunction({ url: "file:///etc/passwd", timeoutSeconds: 0, retries: 9 }),
        { type: "function", function: { name: "file_search" } },
      ]),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toMatchObject({
      "tools.0.output.url": ["Only http and https addresses."],
      "tools.0.output.timeoutSeconds": [expect.stringContaining("seconds")],
      "tools.0.output.retries": [expect.stringContaining("retries")],
      "tools.1.function.name": ["That name belongs to a built-in tool. Choose another."],
    });
  });

  it("runs calls: a webhook signed with the shown secret, a person's function waits, bad calls answer the model", async () => {
    const { prisma } = database();
    const ada = await person(prisma, "Ada");
    const person_ = { type: "function" as const, function: { name: "approve", parameters: { type: "object", properties: {} } }, output: { source: "person" as const, answeredBy: "starter" as const } };
    const created = await createAssistant(prisma, { userId: ada.id, input: fields([webhookFunction(), person_]) });
    const tools = parseTools(created.tools);
    const context: ToolContext = { prisma, runId: "run_1", threadId: "thread_1", assistantId: created.id, signal: new AbortController().signal };

    const outcome = await runToolCall(tools, { id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' }, context);
    expect(outcome).toMatchObject({ kind: "output", result: { output: "Sunny in Paris", failed: false } });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(verifyWebhook(created.newSecrets[0]!.secret, request!.body, request!.headers[SIGNATURE_HEADER] as string)).toBe(true);
    expect(JSON.parse(request!.body)).toEqual({ run_id: "run_1", thread_id: "thread_1", assistant_id: created.id, call_id: "call_1", name: "get_weather", arguments: { city: "Paris" } });

    expect(await runToolCall(tools, { id: "call_2", name: "approve", arguments: "{}" }, context)).toEqual({ kind: "person", answeredBy: "starter" });

    // Invalid arguments never reach the webhook.
    const invalid = await runToolCall(tools, { id: "call_3", name: "get_weather", arguments: '{"city":' }, context);
    expect(invalid).toMatchObject({ kind: "output", result: { failed: true, output: expect.stringContaining("not valid JSON") } });
    const mismatched = await runToolCall(tools, { id: "call_4", name: "get_weather", arguments: '{"town":"Paris"}' }, context);
    expect(mismatched).toMatchObject({ kind: "output", result: { failed: true, output: expect.stringContaining("must have required property 'city'") } });
    expect(await runToolCall(tools, { id: "call_5", name: "launch", arguments: "{}" }, context)).toEqual({
      kind: "output",
      result: { failed: true, output: "Error: there is no tool called launch. Use one of the tools you were given." },
    });
    expect(received).toHaveLength(1);
  });

  it("signs only for the address the assistant saved: overridden tools cannot borrow its secret", async () => {
    const { prisma } = database();
    const ada = await person(prisma, "Ada");
    const created = await createAssistant(prisma, { userId: ada.id, input: fields([webhookFunction()]) });
    const [saved] = parseTools(created.tools) as Extract<ToolDefinition, { type: "function" }>[];
    const elsewhere = { ...saved!, output: { ...saved!.output!, url: hookUrl.replace("/weather", "/capture") } } as ToolDefinition;
    const outcome = await runToolCall([elsewhere], { id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' }, {
      prisma,
      runId: "run_1",
      threadId: "thread_1",
      assistantId: created.id,
      signal: new AbortController().signal,
    });
    expect(outcome).toMatchObject({ kind: "output", result: { failed: true, output: expect.stringContaining("has no signing secret") } });
    expect(received).toHaveLength(0);
  });

  it("offers and runs registered built-in tools only when the assistant has them switched on", async () => {
    const { prisma } = database();
    registerBuiltinTool({
      type: "retrieval",
      definition: { name: "file_search", parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] } },
      execute: async (args) => ({ output: `found: ${(args as { query: string }).query}`, failed: false, details: { chunks: 1 } }),
    });
    const context: ToolContext = { prisma, runId: "run_1", threadId: "thread_1", assistantId: "none", signal: new AbortController().signal };
    const call = { id: "call_1", name: "file_search", arguments: '{"query":"budget"}' };
    expect(toolsForModel([{ type: "retrieval" }, { type: "code_interpreter" }]).map((tool) => tool.type === "function" && tool.function.name)).toEqual(["file_search"]);
    expect(await runToolCall([{ type: "retrieval" }], call, context)).toEqual({ kind: "output", result: { output: "found: budget", failed: false, details: { chunks: 1 } } });
    expect(await runToolCall([], call, context)).toMatchObject({ kind: "output", result: { failed: true } });
  });
});
