import { expect, it } from "vitest";
import type { Prisma, PrismaClient } from "../../lib/db/generated/client";
import { ValidationError } from "../../lib/errors";
import { withThreadEvents } from "../../lib/events/record";
import { assistantFileWhere, attachableFileWhere, canAttach, canGiveToAssistant, visibleFileWhere } from "../../lib/files/access";
import { postMessage } from "../../lib/messages";
import { queueRunsForMentions } from "../../lib/runs";
import { describeEachDatabase } from "../support/databases";
import { room } from "../support/fixtures";

// The one file-access rule set (lib/files/access.ts), checked rule by rule and through its callers.

describeEachDatabase("file access", (database) => {
  async function setting(prisma: PrismaClient) {
    const setup = await room(prisma);
    const { owner, thread, assistant } = setup;
    let seq = 1000;
    const file = (name: string) =>
      prisma.file.create({ data: { name, mimeType: "text/plain", size: 1, sha256: name, storageKey: `sha256/${name}`, uploaderId: owner.id, textStatus: "extracted", extractedText: name } });
    const onMessage = async (name: string, deletedAt: Date | null) => {
      const created = await file(name);
      seq += 1;
      await prisma.message.create({ data: { threadId: thread.id, seq, role: "user", authorUserId: owner.id, content: name, deletedAt, files: { create: [{ fileId: created.id }] } } });
      return created;
    };
    const files = {
      unshared: await file("unshared"),
      shared: await onMessage("shared", null),
      onDeletedMessage: await onMessage("on-deleted-message", new Date()),
      ofRun: await file("of-run"),
      ofAssistant: await file("of-assistant"),
    };
    await prisma.run.create({ data: { threadId: thread.id, assistantId: assistant.id, status: "completed", overrideFiles: true, files: { create: [{ fileId: files.ofRun.id }] } } });
    await prisma.assistantFile.create({ data: { assistantId: assistant.id, fileId: files.ofAssistant.id } });
    const ids = Object.values(files).map((row) => row.id);
    const names = async (where: Prisma.FileWhereInput) =>
      (await prisma.file.findMany({ where: { AND: [{ id: { in: ids } }, where] }, select: { name: true }, orderBy: { name: "asc" } })).map((row) => row.name);
    return { ...setup, files, names };
  }

  it("answers who may see, attach and give each file to an assistant, and gives nobody anything without a person", async () => {
    const { prisma } = database();
    const { owner, member, outsider, assistant, names } = await setting(prisma);
    const everything = ["of-assistant", "of-run", "on-deleted-message", "shared", "unshared"];

    expect(await names(visibleFileWhere(owner.id))).toEqual(everything);
    expect(await names(attachableFileWhere(owner.id))).toEqual(everything);
    expect(await names(assistantFileWhere(owner.id))).toEqual(everything);

    // A member sees what is shared in the thread (never through a deleted message) and every live assistant's files...
    expect(await names(visibleFileWhere(member.id))).toEqual(["of-assistant", "of-run", "shared"]);
    // ...attaches only what is on a live message there, and gives an assistant nothing that is not theirs.
    expect(await names(attachableFileWhere(member.id))).toEqual(["shared"]);
    expect(await names(assistantFileWhere(member.id))).toEqual([]);
    expect(await names(assistantFileWhere(member.id, assistant.id))).toEqual(["of-assistant"]);

    expect(await names(visibleFileWhere(outsider.id))).toEqual(["of-assistant"]);
    expect(await names(attachableFileWhere(outsider.id))).toEqual([]);

    for (const where of [visibleFileWhere(null), attachableFileWhere(null), assistantFileWhere(null), assistantFileWhere(null, assistant.id)]) expect(await names(where)).toEqual([]);
  });

  it("checks every file of a list, once each", async () => {
    const { prisma } = database();
    const { member, files, assistant } = await setting(prisma);
    expect(await canAttach(prisma, { userId: member.id, fileIds: [files.shared.id, files.shared.id] })).toBe(true);
    expect(await canAttach(prisma, { userId: member.id, fileIds: [files.shared.id, files.unshared.id] })).toBe(false);
    expect(await canAttach(prisma, { userId: member.id, fileIds: [files.shared.id, "no-such-file"] })).toBe(false);
    expect(await canAttach(prisma, { userId: null, fileIds: [files.shared.id] })).toBe(false);
    expect(await canAttach(prisma, { userId: null, fileIds: [] })).toBe(true);
    expect(await canGiveToAssistant(prisma, { userId: member.id, assistantId: assistant.id, fileIds: [files.ofAssistant.id] })).toBe(true);
    expect(await canGiveToAssistant(prisma, { userId: member.id, fileIds: [files.ofAssistant.id] })).toBe(false);
  });

  it("does not let a deleted message's file be attached again through it", async () => {
    const { prisma } = database();
    const { owner, member, thread, files } = await setting(prisma);
    const post = (userId: string, fileIds: string[]) => postMessage(prisma, { userId, threadId: thread.id, content: "Again", fileIds });
    const refused = await post(member.id, [files.onDeletedMessage.id]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).message).toBe("Some of those files do not exist, or you may not attach them.");
    expect((await post(member.id, [files.shared.id])).files.map((file) => file.name)).toEqual(["shared"]);
    // Its uploader still has it.
    expect((await post(owner.id, [files.onDeletedMessage.id])).files.map((file) => file.name)).toEqual(["on-deleted-message"]);
  });

  it("hands a run only files its starter may attach, and none when no person started it", async () => {
    const { prisma } = database();
    const { member, thread, assistant, files } = await setting(prisma);
    const mention = `@${assistant.handle} look`;
    const withFiles = (fileIds: string[]) => postMessage(prisma, { userId: member.id, threadId: thread.id, content: mention, runOptions: { fileIds } });
    await expect(withFiles([files.unshared.id])).rejects.toThrow("Run options: some of those files do not exist, or you may not attach them.");
    await expect(withFiles([files.onDeletedMessage.id])).rejects.toThrow("Run options");
    await expect(withFiles([files.shared.id])).resolves.toMatchObject({ content: mention });

    // A hand-off between assistants has no person behind it: it may not pick files.
    const message = await prisma.message.create({ data: { threadId: thread.id, seq: 5000, role: "user", authorUserId: member.id, content: "hand-off" } });
    const handOff = withThreadEvents(prisma, (tx, record) =>
      queueRunsForMentions(tx, record, {
        threadId: thread.id,
        messageId: message.id,
        mentions: [{ kind: "assistant", id: assistant.id, handle: assistant.handle }],
        startedByUserId: null,
        overrides: { fileIds: [files.unshared.id] },
      }),
    );
    await expect(handOff).rejects.toThrow("Run options");
  });
});
