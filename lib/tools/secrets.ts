import "server-only";
import type { Prisma } from "../db/generated/client";
import { newWebhookSecret } from "../webhooks/signature";
import { parseTools, type NewWebhookSecret, type ToolDefinition } from "./index";

type Tx = Prisma.TransactionClient;

/**
 * Gives every webhook function of the assistant a signing secret: one it already has (named by
 * `secretId`), or a new one. Secrets no function names any more are deleted. Returns the tools to
 * store (with their secret ids) and the secrets made now.
 */
export async function assignWebhookSecrets(tx: Tx, assistantId: string, tools: ToolDefinition[]): Promise<{ tools: ToolDefinition[]; created: NewWebhookSecret[] }> {
  const existing = new Set((await tx.webhookSecret.findMany({ where: { assistantId }, select: { id: true } })).map((row) => row.id));
  const created: NewWebhookSecret[] = [];
  const kept = new Set<string>();
  const assigned: ToolDefinition[] = [];
  for (const tool of tools) {
    if (tool.type !== "function" || tool.output?.source !== "webhook") {
      assigned.push(tool);
      continue;
    }
    let secretId = tool.output.secretId;
    // An id this assistant does not have (or one claimed twice) gets a secret of its own.
    if (!secretId || !existing.has(secretId) || kept.has(secretId)) {
      const secret = newWebhookSecret();
      secretId = (await tx.webhookSecret.create({ data: { assistantId, secret }, select: { id: true } })).id;
      created.push({ functionName: tool.function.name, secret });
    }
    kept.add(secretId);
    assigned.push({ ...tool, output: { ...tool.output, secretId } });
  }
  await tx.webhookSecret.deleteMany({ where: { assistantId, id: { notIn: [...kept] } } });
  return { tools: assigned, created };
}

/** The same tools with no secret ids: for a copy, which must not sign with the original's secrets. */
export function withoutSecretIds(tools: unknown): ToolDefinition[] {
  return parseTools(tools).map((tool) => (tool.type === "function" && tool.output?.source === "webhook" ? { ...tool, output: { ...tool.output, secretId: undefined } } : tool));
}

/**
 * The secret to sign a call to `url` with: only one the assistant's own saved tools give to a
 * webhook at that same address, so that a run's tool overrides cannot have another address
 * receive (and replay) requests signed with it.
 */
export async function webhookSecretFor(
  prisma: Pick<Tx, "assistant" | "webhookSecret">,
  { assistantId, secretId, url }: { assistantId: string; secretId: string | undefined; url: string },
): Promise<string | null> {
  if (!secretId) return null;
  const assistant = await prisma.assistant.findUnique({ where: { id: assistantId }, select: { tools: true } });
  const saved = parseTools(assistant?.tools).some((tool) => tool.type === "function" && tool.output?.source === "webhook" && tool.output.secretId === secretId && tool.output.url === url);
  if (!saved) return null;
  const row = await prisma.webhookSecret.findFirst({ where: { id: secretId, assistantId }, select: { secret: true } });
  return row?.secret ?? null;
}
