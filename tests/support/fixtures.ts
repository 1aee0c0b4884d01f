import { signUp } from "../../lib/accounts";
import type { PrismaClient } from "../../lib/db/generated/client";
import { createThread } from "../../lib/threads";

let counter = 0;

/** A new account with a unique email. */
export async function person(prisma: PrismaClient, name: string) {
  counter += 1;
  return signUp(prisma, { name, email: `${name.toLowerCase().replace(/\W+/g, ".")}.${process.pid}.${counter}@example.com`, password: "password-123" });
}

/** A thread owned by a new person, with a second member, an outsider and an assistant in it. */
export async function room(prisma: PrismaClient) {
  const owner = await person(prisma, "Owner");
  const member = await person(prisma, "Member");
  const outsider = await person(prisma, "Outsider");
  const thread = await createThread(prisma, { userId: owner.id, title: "Planning" });
  await prisma.threadMember.create({ data: { threadId: thread.id, userId: member.id } });
  counter += 1;
  const assistant = await prisma.assistant.create({ data: { name: "Analyst", handle: `analyst${counter}x${process.pid}`, model: "test-model", ownerId: owner.id } });
  await prisma.threadAssistant.create({ data: { threadId: thread.id, assistantId: assistant.id } });
  return { owner, member, outsider, thread, assistant };
}

/** The room, with its assistant named Analyst ("Always answer with numbers.") and a second one, Writer, on another model. */
export async function roomWithTwoAssistants(prisma: PrismaClient) {
  const setup = await room(prisma);
  const assistant = await prisma.assistant.update({ where: { id: setup.assistant.id }, data: { instructions: "Always answer with numbers.", name: "Analyst" } });
  counter += 1;
  const writer = await prisma.assistant.create({
    data: { name: "Writer", handle: `writer${counter}x${process.pid}`, model: "test-model-large", ownerId: setup.owner.id, instructions: "Write prose." },
  });
  await prisma.threadAssistant.create({ data: { threadId: setup.thread.id, assistantId: writer.id } });
  return { ...setup, assistant, writer };
}
