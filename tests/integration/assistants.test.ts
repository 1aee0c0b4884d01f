import { expect, it } from "vitest";
import { createAssistant, deleteAssistant, duplicateAssistant, getAssistant, listAssistants, updateAssistant } from "../../lib/assistants";
import type { AssistantInput } from "../../lib/assistants/schema";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors";
import { postMessage } from "../../lib/messages";
import { getThread } from "../../lib/threads";
import { describeEachDatabase } from "../support/databases";
import { person, room } from "../support/fixtures";

let counter = 0;
const fields = (overrides: Partial<AssistantInput> = {}): AssistantInput => ({
  name: "Forecaster",
  handle: `forecaster${++counter}${Date.now().toString(36)}`,
  description: "Predicts the weather.",
  instructions: "Answer in one sentence.",
  model: "test-model",
  temperature: 0.3,
  color: "#0ea5e9",
  tools: [
    { type: "retrieval" },
    { type: "function", function: { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } },
  ],
  ...overrides,
});

async function fieldErrors(promise: Promise<unknown>) {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fieldErrors;
}

describeEachDatabase("assistants", (database) => {
  it("creates an assistant its creator can edit and everyone can find and use", async () => {
    const { prisma } = database();
    const ada = await person(prisma, "Ada");
    const bob = await person(prisma, "Bob");
    const created = await createAssistant(prisma, { userId: ada.id, input: fields({ handle: "  Weather-Bot " }) });
    expect(created).toMatchObject({ name: "Forecaster", handle: "weather-bot", canEdit: true, owner: { id: ada.id }, temperature: 0.3 });
    expect(created.tools).toHaveLength(2);
    expect(await getAssistant(prisma, { userId: bob.id, assistantId: created.id })).toMatchObject({ canEdit: false });
    const found = await listAssistants(prisma, { userId: bob.id, query: "@weather" });
    expect(found.map((a) => [a.handle, a.canEdit, a.toolCount])).toEqual([["weather-bot", false, 2]]);
  });

  it("explains each invalid field, including a function's JSON Schema", async () => {
    const { prisma } = database();
    const ada = await person(prisma, "Ada");
    const errors = await fieldErrors(
      createAssistant(prisma, {
        userId: ada.id,
        input: fields({
          name: "",
          handle: "no spaces allowed",
          temperature: 3,
          tools: [
            { type: "function", function: { name: "ok", parameters: { type: "object" } } },
            { type: "function", function: { name: "bad_schema", parameters: { type: "object", properties: { city: { type: "strng" } } } } },
            { type: "function", function: { name: "not_object", parameters: { type: "string" } } },
          ],
        }),
      }),
    );
    expect(errors.name).toEqual(["Give the assistant a name."]);
    expect(errors.handle?.[0]).toMatch(/letters, digits/);
    expect(errors.temperature).toEqual(["Temperature goes from 0 to 2."]);
    expect(errors["tools.1.function.parameters"]?.[0]).toMatch(/^Not a valid JSON Schema: \/properties\/city\/type/);
    expect(errors["tools.2.function.parameters"]).toEqual(['The parameters schema must have "type": "object".']);
    expect(errors["tools.0.function.parameters"]).toBeUndefined();
  });

  it("refuses a taken handle beside the handle field", async () => {
    const { prisma } = database();
    const ada = await person(prisma, "Ada");
    const first = await createAssistant(prisma, { userId: ada.id, input: fields() });
    expect(await fieldErrors(createAssistant(prisma, { userId: ada.id, input: fields({ handle: first.handle }) }))).toEqual({ handle: ["That handle is taken. Choose another."] });
  });

  it("lets only the creator or an admin edit or delete", async () => {
    const { prisma } = database();
    const ada = await person(prisma, "Ada");
    const bob = await person(prisma, "Bob");
    const admin = await person(prisma, "Admin");
    await prisma.user.update({ where: { id: admin.id }, data: { isAdmin: true } });
    const assistant = await createAssistant(prisma, { userId: ada.id, input: fields() });
    const byAdmin = await updateAssistant(prisma, { userId: admin.id, assistantId: assistant.id, input: fields({ handle: assistant.handle, name: "Checked" }), expectedUpdatedAt: assistant.updatedAt });
    expect(byAdmin.name).toBe("Checked");
    expect((await getAssistant(prisma, { userId: ada.id, assistantId: assistant.id })).name).toBe("Checked");
  });

  it("refuses a save made on a stale version instead of overwriting the newer one", async () => {
    const { prisma } = database();
    const ada = await person(prisma, "Ada");
    const opened = await createAssistant(prisma, { userId: ada.id, input: fields() });
    const first = await updateAssistant(prisma, { userId: ada.id, assistantId: opened.id, input: fields({ handle: opened.handle, instructions: "First tab's edit." }), expectedUpdatedAt: opened.updatedAt });
    await expect(
      updateAssistant(prisma, { userId: ada.id, assistantId: opened.id, input: fields({ handle: opened.handle, instructions: "Second tab's edit." }), expectedUpdatedAt: opened.updatedAt }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await getAssistant(prisma, { userId: ada.id, assistantId: opened.id })).instructions).toBe("First tab's edit.");
    await expect(
      updateAssistant(prisma, { userId: ada.id, assistantId: opened.id, input: fields({ handle: opened.handle, instructions: "Third, on the fresh version." }), expectedUpdatedAt: first.updatedAt }),
    ).resolves.toMatchObject({ instructions: "Third, on the fresh version." });
  });

  it("links only the creator's own files, within the limit", async () => {
    const { prisma } = database();
    const ada = await person(prisma, "Ada");
    const bob = await person(prisma, "Bob");
    const file = (uploaderId: string, name: string) =>
      prisma.file.create({ data: { name, mimeType: "text/plain", size: 3, sha256: "b".repeat(64), storageKey: `k/${name}`, uploaderId } });
    const mine = await file(ada.id, "mine.txt");
    const theirs = await file(bob.id, "theirs.txt");
    const assistant = await createAssistant(prisma, { userId: ada.id, input: fields({ fileIds: [mine.id] }) });
    expect(assistant.files.map((f) => f.name)).toEqual(["mine.txt"]);
    expect(await fieldErrors(createAssistant(prisma, { userId: ada.id, input: fields({ fileIds: [theirs.id] }) }))).toEqual({ fileIds: ["Some of those files do not exist or are not yours."] });
    expect((await fieldErrors(createAssistant(prisma, { userId: ada.id, input: fields({ fileIds: Array.from({ length: 21 }, (_, i) => `f${i}`) }) }))).fileIds).toEqual([
      "An assistant can have at most 20 files.",
    ]);
  });

  it("duplicates into a copy the duplicator owns, with a free handle", async () => {
    const { prisma } = database();
    const ada = await person(prisma, "Ada");
    const bob = await person(prisma, "Bob");
    const source = await createAssistant(prisma, { userId: ada.id, input: fields() });
    const copy = await duplicateAssistant(prisma, { userId: bob.id, assistantId: source.id });
    const again = await duplicateAssistant(prisma, { userId: bob.id, assistantId: source.id });
    expect([copy.name, copy.handle, copy.canEdit, copy.owner?.id]).toEqual(["Forecaster (copy)", `${source.handle}-copy`, true, bob.id]);
    expect(again.handle).toBe(`${source.handle}-copy2`);
    expect(copy.instructions).toBe(source.instructions);
    expect(copy.tools).toEqual(source.tools);
  });

  it("deletes softly: the history keeps its name, threads lose it, the handle is free", async () => {
    const { prisma } = database();
    const { owner, member, thread, assistant } = await room(prisma);
    const reply = await prisma.message.create({ data: { threadId: thread.id, seq: 99, role: "assistant", authorAssistantId: assistant.id, content: "Earlier answer" } });
    await deleteAssistant(prisma, { assistantId: assistant.id });
    await expect(getAssistant(prisma, { userId: owner.id, assistantId: assistant.id })).rejects.toBeInstanceOf(NotFoundError);
    expect((await getThread(prisma, { threadId: thread.id })).thread.assistants).toEqual([]);
    const kept = await prisma.message.findUniqueOrThrow({ where: { id: reply.id }, include: { authorAssistant: true } });
    expect(kept.authorAssistant?.name).toBe("Analyst");
    const posted = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} still there?` });
    expect(posted.mentions).toEqual([]);
    await expect(createAssistant(prisma, { userId: owner.id, input: fields({ handle: assistant.handle }) })).resolves.toMatchObject({ handle: assistant.handle });
  });
});
