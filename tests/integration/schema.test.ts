import { expect, it } from "vitest";
import { migrate, readMigrations } from "../../lib/db/migrate";
import type { PrismaClient } from "../../lib/db/generated/client";
import { describeEachDatabase } from "../support/databases";

async function threadWithAssistant(prisma: PrismaClient, handle: string) {
  const user = await prisma.user.create({ data: { name: "Ada", email: `${handle}@example.com` } });
  const assistant = await prisma.assistant.create({ data: { name: handle, handle, model: "demo", ownerId: user.id } });
  const thread = await prisma.thread.create({ data: { title: "T", createdById: user.id, members: { create: { userId: user.id, role: "owner" } } } });
  return { user, assistant, thread };
}

describeEachDatabase("domain schema", (database) => {
  it("applies every migration once and records it where Prisma looks", async () => {
    const { prisma } = database();
    const rows = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((row) => row.migration_name)).toEqual(readMigrations().map((migration) => migration.name));
    // On one connection, as the app migrates, so that the advisory lock is released where it was
    // taken; Prisma cannot read the lock calls' void result, so those are executed.
    const again = await prisma.$transaction((tx) =>
      migrate({
        script: async (sql) => void (await tx.$executeRawUnsafe(sql)),
        query: async <T,>(sql: string, params: unknown[] = []) =>
          sql.includes("pg_advisory") ? (await tx.$executeRawUnsafe(sql, ...params), []) : tx.$queryRawUnsafe<T[]>(sql, ...params),
      }),
    );
    expect(again).toEqual([]);
  });

  it("requires exactly one author per message", async () => {
    const { prisma } = database();
    const { user, assistant, thread } = await threadWithAssistant(prisma, "authors");
    await expect(prisma.message.create({ data: { threadId: thread.id, seq: 1, role: "user", content: "nobody" } })).rejects.toThrow(/Message_one_author/);
    await expect(
      prisma.message.create({ data: { threadId: thread.id, seq: 1, role: "user", authorUserId: user.id, authorAssistantId: assistant.id } }),
    ).rejects.toThrow(/Message_one_author/);
    const message = await prisma.message.create({ data: { threadId: thread.id, seq: 1, role: "user", authorUserId: user.id, content: "hi" } });
    expect(message.seq).toBe(1);
  });

  it("gives every message of a thread its own sequence number", async () => {
    const { prisma } = database();
    const { user, thread } = await threadWithAssistant(prisma, "sequence");
    await prisma.message.create({ data: { threadId: thread.id, seq: 1, role: "user", authorUserId: user.id } });
    await expect(prisma.message.create({ data: { threadId: thread.id, seq: 1, role: "user", authorUserId: user.id } })).rejects.toThrow(
      /Unique constraint failed/,
    );
  });

  it("lets only one run per thread be active, while others queue", async () => {
    const { prisma } = database();
    const { assistant, thread } = await threadWithAssistant(prisma, "runner");
    const first = await prisma.run.create({ data: { threadId: thread.id, assistantId: assistant.id, status: "in_progress" } });
    const second = await prisma.run.create({ data: { threadId: thread.id, assistantId: assistant.id } });
    expect(second.status).toBe("queued");
    await expect(prisma.run.update({ where: { id: second.id }, data: { status: "in_progress" } })).rejects.toThrow(/Unique constraint failed/);
    await expect(prisma.run.update({ where: { id: second.id }, data: { status: "requires_action" } })).rejects.toThrow(/Unique constraint failed/);
    await prisma.run.update({ where: { id: first.id }, data: { status: "completed" } });
    await expect(prisma.run.update({ where: { id: second.id }, data: { status: "in_progress" } })).resolves.toMatchObject({ status: "in_progress" });
  });

  it("keeps assistant handles unique and lower-case", async () => {
    const { prisma } = database();
    await prisma.assistant.create({ data: { name: "Critic", handle: "critic", model: "demo" } });
    await expect(prisma.assistant.create({ data: { name: "Critic 2", handle: "critic", model: "demo" } })).rejects.toThrow(/Unique constraint failed/);
    await expect(prisma.assistant.create({ data: { name: "Loud", handle: "LOUD", model: "demo" } })).rejects.toThrow(/Assistant_handle_lowercase/);
  });

  it("links one file to many messages, assistants and runs", async () => {
    const { prisma } = database();
    const { user, assistant, thread } = await threadWithAssistant(prisma, "filer");
    const file = await prisma.file.create({
      data: { name: "notes.txt", mimeType: "text/plain", size: 5, sha256: "a".repeat(64), storageKey: "aa/aaaa", uploaderId: user.id },
    });
    const run = await prisma.run.create({ data: { threadId: thread.id, assistantId: assistant.id, overrideFiles: true } });
    for (const seq of [1, 2]) {
      await prisma.message.create({
        data: { threadId: thread.id, seq, role: "user", authorUserId: user.id, files: { create: { fileId: file.id } } },
      });
    }
    await prisma.assistantFile.create({ data: { assistantId: assistant.id, fileId: file.id } });
    await prisma.runFile.create({ data: { runId: run.id, fileId: file.id } });
    const linked = await prisma.file.findUniqueOrThrow({
      where: { id: file.id },
      select: { _count: { select: { messages: true, assistants: true, runs: true } } },
    });
    expect(linked._count).toEqual({ messages: 2, assistants: 1, runs: 1 });
  });
});
