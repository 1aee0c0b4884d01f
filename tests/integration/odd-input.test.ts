import { expect, it } from "vitest";
import { signUp } from "../../lib/accounts";
import { createAssistant } from "../../lib/assistants";
import { ValidationError } from "../../lib/errors";
import { editMessage, postMessage } from "../../lib/messages";
import { createThread, renameThread } from "../../lib/threads";
import { UNSTORABLE_TEXT } from "../../lib/validation";
import { describeEachDatabase } from "../support/databases";
import { room } from "../support/fixtures";

// Each one the database cannot store: NUL, and halves of an emoji (a lone high or low surrogate).
const ODD = ["a\u0000b", "broken \ud83d emoji", "\ude00 at the start"];

async function refused(attempt: Promise<unknown>) {
  const error = await attempt.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect(JSON.stringify([(error as ValidationError).message, (error as ValidationError).fieldErrors])).toContain(UNSTORABLE_TEXT);
}

describeEachDatabase("odd input", (database) => {
  it("refuses NUL and lone surrogates in messages, edits and client ids with a clear message, and stores nothing", async () => {
    const { prisma } = database();
    const { member, thread } = await room(prisma);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: "fine 😀" });
    for (const odd of ODD) {
      await refused(postMessage(prisma, { userId: member.id, threadId: thread.id, content: odd }));
      await refused(postMessage(prisma, { userId: member.id, threadId: thread.id, content: "hello", clientId: odd }));
      await refused(postMessage(prisma, { userId: member.id, threadId: thread.id, content: "hello", fileIds: [odd] }));
      await refused(editMessage(prisma, { messageId: message.id, content: odd }));
    }
    expect(await prisma.message.findMany({ where: { threadId: thread.id }, select: { content: true } })).toEqual([{ content: "fine 😀" }]);
  });

  it("refuses them in display names at sign-up and in thread titles", async () => {
    const { prisma } = database();
    const { owner, thread } = await room(prisma);
    for (const [index, odd] of ODD.entries()) {
      await refused(signUp(prisma, { name: odd, email: `odd.${index}.${process.pid}@example.com`, password: "password-123" }));
      await refused(createThread(prisma, { userId: owner.id, title: odd }));
      await refused(renameThread(prisma, { threadId: thread.id, title: odd }));
    }
    expect(await prisma.user.count({ where: { email: { startsWith: "odd." } } })).toBe(0);
  });

  it("refuses them in every text field of an assistant, tools included", async () => {
    const { prisma } = database();
    const { owner } = await room(prisma);
    const base = { name: "Odd", handle: `odd${process.pid}`, model: "test-model" };
    const tool = (fields: object) => ({ type: "function" as const, function: { name: "lookup", ...fields } });
    for (const odd of ODD) {
      for (const input of [
        { ...base, name: odd },
        { ...base, description: odd },
        { ...base, instructions: odd },
        { ...base, model: odd },
        { ...base, tools: [tool({ description: odd })] },
        { ...base, tools: [tool({ parameters: { type: "object", properties: { q: { type: "string", description: odd } } } })] },
      ]) {
        await refused(createAssistant(prisma, { userId: owner.id, input }));
      }
    }
    expect(await prisma.assistant.count({ where: { handle: base.handle } })).toBe(0);
  });
});
