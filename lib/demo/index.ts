import "server-only";
import type { PrismaClient } from "../db/generated/client";
import type { RecordEvent, Tx } from "../events/record";
import { isFirstAccount } from "../instance";
import { hashPassword } from "../passwords";
import { joinThread } from "../threads/members";

/** The demo thread every new account joins, so a newcomer has somewhere to start. */
export const DEMO_THREAD_ID = "demo-welcome";
export const DEMO_PASSWORD = "roundtable-demo";
export const DEMO_PEOPLE = [
  { name: "Ada Lovelace", email: "ada@example.com" },
  { name: "Grace Hopper", email: "grace@example.com" },
] as const;

/** Adds the user to the demo thread when the demo data is installed; otherwise does nothing. */
export async function joinDemoThread(tx: Tx, record: RecordEvent, userId: string): Promise<void> {
  const thread = await tx.thread.findUnique({ where: { id: DEMO_THREAD_ID }, select: { id: true } });
  if (thread) await joinThread(tx, record, thread.id, userId);
}

/**
 * Installs the demo data: two people, two assistants and one thread with a few messages.
 * Does nothing if it is already there. Returns whether it installed anything.
 */
export async function seedDemo(prisma: PrismaClient): Promise<boolean> {
  if (await prisma.thread.findUnique({ where: { id: DEMO_THREAD_ID }, select: { id: true } })) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await prisma.$transaction(async (tx) => {
    // Installed by the operator: these addresses count as verified, so invitations to them show in
    // the app. On a new instance Ada is the first account, so she is its admin, as a first sign-up would be.
    const person = async (data: (typeof DEMO_PEOPLE)[number]) =>
      tx.user.upsert({ where: { email: data.email }, create: { ...data, passwordHash, emailVerified: new Date(), isAdmin: await isFirstAccount(tx) }, update: {} });
    const ada = await person(DEMO_PEOPLE[0]);
    const grace = await person(DEMO_PEOPLE[1]);
    const analyst = await tx.assistant.upsert({
      where: { handle: "analyst" },
      update: {},
      create: {
        ownerId: ada.id,
        name: "Analyst",
        handle: "analyst",
        description: "Reads the thread and answers with numbers and clear reasoning.",
        instructions: "You are Analyst. Answer precisely, show your reasoning briefly, and say when you are unsure.",
        model: "demo",
        color: "#0ea5e9",
        tools: [{ type: "retrieval" }, { type: "code_interpreter" }],
      },
    });
    const writer = await tx.assistant.upsert({
      where: { handle: "writer" },
      update: {},
      create: {
        ownerId: grace.id,
        name: "Writer",
        handle: "writer",
        description: "Turns the discussion into clear prose.",
        instructions: "You are Writer. Summarise and draft in plain, friendly English.",
        model: "demo",
        color: "#f59e0b",
      },
    });
    const script: { by: { userId: string } | { assistantId: string }; content: string; mentions?: object[] }[] = [
      { by: { userId: ada.id }, content: "Welcome to **Roundtable**! This thread is shared by everyone who signs up." },
      {
        by: { userId: grace.id },
        content: "@analyst how many messages have we posted so far?",
        mentions: [{ kind: "assistant", id: analyst.id, handle: "analyst" }],
      },
      { by: { assistantId: analyst.id }, content: "Two messages before this one, from Ada and Grace." },
      {
        by: { userId: ada.id },
        content: "@writer could you sum up what this place is for?",
        mentions: [{ kind: "assistant", id: writer.id, handle: "writer" }],
      },
      {
        by: { assistantId: writer.id },
        content: "Roundtable is a room where people and assistants talk together: mention one with `@` and it joins in.",
      },
    ];
    await tx.thread.create({
      data: {
        id: DEMO_THREAD_ID,
        title: "Welcome to Roundtable",
        createdById: ada.id,
        lastMessageSeq: script.length,
        members: {
          create: [
            { userId: ada.id, role: "owner" },
            { userId: grace.id, role: "member" },
          ],
        },
        assistants: { create: [{ assistantId: analyst.id, addedById: ada.id }, { assistantId: writer.id, addedById: grace.id }] },
        messages: {
          create: script.map((line, index) => ({
            seq: index + 1,
            role: "userId" in line.by ? "user" : "assistant",
            authorUserId: "userId" in line.by ? line.by.userId : null,
            authorAssistantId: "assistantId" in line.by ? line.by.assistantId : null,
            content: line.content,
            mentions: line.mentions ?? [],
            createdAt: new Date(Date.now() - (script.length - index) * 60_000),
          })),
        },
      },
    });
  });
  return true;
}
