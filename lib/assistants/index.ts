import "server-only";
import type { Prisma, PrismaClient } from "../db/generated/client";
import { decide } from "../access/policy";
import { isUniqueViolation } from "../db/errors";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { withThreadEvents } from "../events/record";
import { canGiveToAssistant } from "../files/access";
import { endRunsOfDeletedAssistant, signalStopped } from "../runs/room";
import { announceThread } from "../threads";
import { assignWebhookSecrets, withoutSecretIds } from "../tools/secrets";
import type { NewWebhookSecret, ToolDefinition } from "../tools";
import type { AssistantDTO, AssistantSort, AssistantSummary, SavedAssistant } from "./dto";
import { assistantInput, type AssistantFields, type AssistantInput } from "./schema";

type Tx = Prisma.TransactionClient;

const detailSelect = {
  id: true,
  name: true,
  handle: true,
  description: true,
  instructions: true,
  model: true,
  temperature: true,
  color: true,
  avatarUrl: true,
  tools: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
  owner: { select: { id: true, name: true } },
  files: { orderBy: { createdAt: "asc" }, select: { file: { select: { id: true, name: true, size: true, mimeType: true } } } },
} satisfies Prisma.AssistantSelect;

type AssistantRow = Prisma.AssistantGetPayload<{ select: typeof detailSelect }>;

async function viewer(prisma: PrismaClient | Tx, userId: string) {
  return prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, isAdmin: true } });
}

/** Its creator and admins edit an assistant; everyone else may use it in their threads. */
export function canEditAssistant(user: { id: string; isAdmin: boolean }, assistant: { owner: { id: string } | null }): boolean {
  return decide("assistant.update", { user, assistantOwnerId: assistant.owner?.id ?? null }) === null;
}

function toDTO(row: AssistantRow, user: { id: string; isAdmin: boolean }): AssistantDTO {
  return {
    id: row.id,
    name: row.name,
    handle: row.handle,
    description: row.description,
    instructions: row.instructions,
    model: row.model,
    temperature: row.temperature,
    color: row.color,
    avatarUrl: row.avatarUrl,
    tools: row.tools as AssistantDTO["tools"],
    owner: row.owner,
    canEdit: canEditAssistant(user, row),
    files: row.files.map(({ file }) => file),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Input errors keyed by field path ("tools.0.function.parameters"), for showing beside each field. */
function parse(input: AssistantInput): AssistantFields {
  const parsed = assistantInput.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  throw new ValidationError("Please correct the highlighted fields.", fieldErrors);
}

function handleTaken(error: unknown): boolean {
  return isUniqueViolation(error) && JSON.stringify((error as { meta?: unknown }).meta ?? {}).includes("handle");
}

const HANDLE_TAKEN = () => new ValidationError("Please correct the highlighted fields.", { handle: ["That handle is taken. Choose another."] });

/** Files may be given to an assistant by whoever uploaded them, or kept if it already has them (lib/files/access.ts). */
async function checkFiles(tx: Tx, { userId, assistantId, fileIds }: { userId: string; assistantId?: string; fileIds: string[] }) {
  if (!(await canGiveToAssistant(tx, { userId, assistantId, fileIds }))) {
    throw new ValidationError("Please correct the highlighted fields.", { fileIds: ["Some of those files do not exist or are not yours."] });
  }
  return [...new Set(fileIds)];
}

function data(fields: AssistantFields, tools: ToolDefinition[]) {
  const { fileIds: _, tools: __, ...rest } = fields;
  return { ...rest, tools: tools as Prisma.InputJsonValue };
}

async function saved(prisma: PrismaClient, userId: string, assistantId: string, newSecrets: NewWebhookSecret[]): Promise<SavedAssistant> {
  return { ...(await getAssistant(prisma, { userId, assistantId })), newSecrets };
}

export async function listAssistants(
  prisma: PrismaClient,
  { userId, query = "", sort = "name" }: { userId: string; query?: string; sort?: AssistantSort },
): Promise<AssistantSummary[]> {
  const user = await viewer(prisma, userId);
  const text = query.trim();
  const rows = await prisma.assistant.findMany({
    where: {
      deletedAt: null,
      ...(text
        ? { OR: [{ name: { contains: text, mode: "insensitive" } }, { handle: { contains: text.replace(/^@/, "").toLowerCase() } }, { description: { contains: text, mode: "insensitive" } }] }
        : {}),
    },
    orderBy: sort === "name" ? { name: "asc" } : sort === "created" ? { createdAt: "desc" } : { updatedAt: "desc" },
    take: 500,
    select: {
      id: true,
      name: true,
      handle: true,
      description: true,
      model: true,
      color: true,
      avatarUrl: true,
      tools: true,
      createdAt: true,
      updatedAt: true,
      owner: { select: { id: true, name: true } },
      _count: { select: { files: true } },
    },
  });
  return rows.map(({ tools, _count, createdAt, updatedAt, ...row }) => ({
    ...row,
    canEdit: canEditAssistant(user, row),
    toolCount: (tools as unknown[]).length,
    fileCount: _count.files,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  }));
}

export async function getAssistant(prisma: PrismaClient, { userId, assistantId }: { userId: string; assistantId: string }): Promise<AssistantDTO> {
  const [user, row] = await Promise.all([viewer(prisma, userId), prisma.assistant.findUnique({ where: { id: assistantId }, select: detailSelect })]);
  if (!row || row.deletedAt) throw new NotFoundError("That assistant does not exist.");
  return toDTO(row, user);
}

export async function createAssistant(prisma: PrismaClient, { userId, input }: { userId: string; input: AssistantInput }): Promise<SavedAssistant> {
  const fields = parse(input);
  try {
    const { id, secrets } = await prisma.$transaction(async (tx) => {
      const fileIds = await checkFiles(tx, { userId, fileIds: fields.fileIds });
      const created = await tx.assistant.create({
        data: { ...data(fields, []), ownerId: userId, files: { create: fileIds.map((fileId) => ({ fileId })) } },
        select: { id: true },
      });
      const { tools, created: secrets } = await assignWebhookSecrets(tx, created.id, fields.tools);
      await tx.assistant.update({ where: { id: created.id }, data: { tools: tools as Prisma.InputJsonValue } });
      return { id: created.id, secrets };
    });
    return saved(prisma, userId, id, secrets);
  } catch (error) {
    if (handleTaken(error)) throw HANDLE_TAKEN();
    throw error;
  }
}

/** Refuses an assistant deleted since the request was authorised (who may edit it is the permission layer's). */
async function requireLive(tx: Tx, assistantId: string): Promise<void> {
  const assistant = await tx.assistant.findUnique({ where: { id: assistantId }, select: { deletedAt: true } });
  if (!assistant || assistant.deletedAt) throw new NotFoundError("That assistant does not exist.");
}

/**
 * Saves an edit made on the version `expectedUpdatedAt`. If someone saved in between, nothing is
 * written and ConflictError says so: reload to see their change.
 */
export async function updateAssistant(
  prisma: PrismaClient,
  { userId, assistantId, input, expectedUpdatedAt }: { userId: string; assistantId: string; input: AssistantInput; expectedUpdatedAt: string },
): Promise<SavedAssistant> {
  const fields = parse(input);
  let secrets: NewWebhookSecret[];
  try {
    secrets = await prisma.$transaction(async (tx) => {
      await requireLive(tx, assistantId);
      const fileIds = await checkFiles(tx, { userId, assistantId, fileIds: fields.fileIds });
      const { tools, created } = await assignWebhookSecrets(tx, assistantId, fields.tools);
      const { count } = await tx.assistant.updateMany({
        where: { id: assistantId, updatedAt: new Date(expectedUpdatedAt) },
        data: data(fields, tools),
      });
      if (count === 0) throw new ConflictError("Someone saved this assistant after you opened it. Reload to see their changes, then make yours again.");
      await tx.assistantFile.deleteMany({ where: { assistantId, fileId: { notIn: fileIds } } });
      await tx.assistantFile.createMany({ data: fileIds.map((fileId) => ({ assistantId, fileId })), skipDuplicates: true });
      return created;
    });
  } catch (error) {
    if (handleTaken(error)) throw HANDLE_TAKEN();
    throw error;
  }
  return saved(prisma, userId, assistantId, secrets);
}

/** A copy, owned by whoever duplicates it, with a free handle and webhook secrets of its own. */
export async function duplicateAssistant(prisma: PrismaClient, { userId, assistantId }: { userId: string; assistantId: string }): Promise<SavedAssistant> {
  const source = await getAssistant(prisma, { userId, assistantId });
  const base = `${source.handle.slice(0, 26)}-copy`;
  const taken = new Set((await prisma.assistant.findMany({ where: { handle: { startsWith: base } }, select: { handle: true } })).map((a) => a.handle));
  let copyHandle = base;
  for (let n = 2; taken.has(copyHandle); n++) copyHandle = `${base}${n}`;
  const { id: _, owner: __, canEdit: ___, files, createdAt: ____, updatedAt: _____, ...fields } = source;
  const { id, secrets } = await prisma.$transaction(async (tx) => {
    const created = await tx.assistant.create({
      data: {
        ...fields,
        tools: [],
        name: `${source.name} (copy)`.slice(0, 80),
        handle: copyHandle,
        ownerId: userId,
        files: { create: files.map((file) => ({ fileId: file.id })) },
      },
      select: { id: true },
    });
    const { tools, created: secrets } = await assignWebhookSecrets(tx, created.id, withoutSecretIds(fields.tools));
    await tx.assistant.update({ where: { id: created.id }, data: { tools: tools as Prisma.InputJsonValue } });
    return { id: created.id, secrets };
  });
  return saved(prisma, userId, id, secrets);
}

/**
 * Deletes softly: messages and runs keep showing the assistant's name, while it leaves every thread
 * and its handle is freed for a new assistant.
 */
export async function deleteAssistant(prisma: PrismaClient, { assistantId }: { assistantId: string }): Promise<void> {
  const stopping = await withThreadEvents(prisma, async (tx, record) => {
    await requireLive(tx, assistantId);
    const { name } = await tx.assistant.findUniqueOrThrow({ where: { id: assistantId }, select: { name: true } });
    // Before any change: it locks the rooms the assistant is in, which everything below changes.
    const stopping = await endRunsOfDeletedAssistant(tx, record, { assistantId, name });
    const threads = await tx.threadAssistant.findMany({ where: { assistantId }, select: { threadId: true } });
    await tx.threadAssistant.deleteMany({ where: { assistantId } });
    await tx.assistant.update({ where: { id: assistantId }, data: { deletedAt: new Date(), handle: `deleted-${assistantId}` } });
    for (const { threadId } of threads) await announceThread(tx, record, threadId);
    return stopping;
  });
  await signalStopped(stopping);
}
