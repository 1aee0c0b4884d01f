/**
 * Run before the server starts (PGlite allows one process per folder): installs the demo data, ten
 * empty threads for the posting benchmark, one thread of many messages and one of five, then prints what it made
 * as JSON on the last line. Inserts go straight to the tables, in batches.
 *
 *   node --conditions=react-server --import tsx bench/lib/prepare-db.ts <messages>
 */
import { databaseTarget } from "../../lib/config";
import { openDatabase } from "../../lib/db/open";
import { DEMO_PEOPLE, seedDemo } from "../../lib/demo";

const bigThreadMessages = Number(process.argv[2] ?? 10_000);
const database = await openDatabase(databaseTarget());
try {
  const { prisma } = database;
  await seedDemo(prisma);
  const people = await Promise.all(DEMO_PEOPLE.map((person) => prisma.user.findUniqueOrThrow({ where: { email: person.email } })));
  const members = { create: people.map((person, index) => ({ userId: person.id, role: index === 0 ? ("owner" as const) : ("member" as const) })) };

  const throughputThreadIds: string[] = [];
  for (let i = 0; i < 10; i++) {
    const thread = await prisma.thread.create({ data: { title: `Bench posting ${i + 1}`, createdById: people[0]!.id, members } });
    throughputThreadIds.push(thread.id);
  }

  const big = await prisma.thread.create({
    data: { title: `Bench: ${bigThreadMessages} messages`, createdById: people[0]!.id, lastMessageSeq: bigThreadMessages, members },
  });
  const start = Date.now() - bigThreadMessages * 1_000;
  for (let from = 0; from < bigThreadMessages; from += 1_000) {
    const count = Math.min(1_000, bigThreadMessages - from);
    await prisma.message.createMany({
      data: Array.from({ length: count }, (_, k) => {
        const seq = from + k + 1;
        const author = people[seq % 2]!;
        return {
          threadId: big.id,
          seq,
          role: "user" as const,
          authorUserId: author.id,
          content: `Message ${seq}: the quick brown fox jumps over the lazy dog, and **markdown** with \`code\` now and then.`,
          createdAt: new Date(start + seq * 1_000),
        };
      }),
    });
  }
  // The baseline for opening a thread: the same kind of messages, only five of them.
  const small = await prisma.thread.create({ data: { title: "Bench: 5 messages", createdById: people[0]!.id, lastMessageSeq: 5, members } });
  await prisma.message.createMany({
    data: Array.from({ length: 5 }, (_, k) => ({
      threadId: small.id,
      seq: k + 1,
      role: "user" as const,
      authorUserId: people[(k + 1) % 2]!.id,
      content: `Message ${k + 1}: the quick brown fox jumps over the lazy dog, and **markdown** with \`code\` now and then.`,
    })),
  });
  console.log(JSON.stringify({ throughputThreadIds, bigThreadId: big.id, bigThreadMessages, smallThreadId: small.id }));
} finally {
  await database.close();
}
