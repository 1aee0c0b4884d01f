import { afterAll, beforeAll, expect, it } from "vitest";
import { signUp } from "../../lib/accounts";
import type { PrismaClient } from "../../lib/db/generated/client";
import { eventsAfter } from "../../lib/events/record";
import { NotFoundError, ValidationError } from "../../lib/errors";
import {
  acceptInvite,
  createInviteLink,
  declineInvite,
  describeInvite,
  hasUsableInvite,
  inviteByEmail,
  listInvitationsFor,
  listInvites,
  revokeInvite,
} from "../../lib/invites";
import { mailer } from "../../lib/mail";
import { describeEachDatabase } from "../support/databases";
import { person, room } from "../support/fixtures";
import { startSmtpServer } from "../support/smtp";

const appUrl = async () => "http://roundtable.test";
const isMember = async (prisma: PrismaClient, threadId: string, userId: string) =>
  (await prisma.threadMember.count({ where: { threadId, userId } })) === 1;
/** An account whose address has been shown to be its owner's (as a mailed link or an OAuth provider would). */
const verify = (prisma: PrismaClient, userId: string) => prisma.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
let unique = 0;
const newAddress = (name: string) => `${name}.${process.pid}.${++unique}@example.com`;

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());
const smtpMailer = () => mailer({ SMTP_URL: smtp.url, MAIL_FROM: "Roundtable <roundtable@example.com>" });

describeEachDatabase("invites", (database) => {
  it("grants nothing to whoever signs up with an invited address", async () => {
    const { prisma } = database();
    const { owner, thread } = await room(prisma);
    const address = newAddress("newcomer");
    await inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: address, appUrl }, null);

    const squatter = await signUp(prisma, { name: "Squatter", email: address, password: "password-123" });
    expect(await isMember(prisma, thread.id, squatter.id)).toBe(false);
    // Sign-up does not prove the address: the invitation is not even shown to this account.
    expect(await listInvitationsFor(prisma, { userId: squatter.id })).toEqual([]);
    expect((await listInvites(prisma, { threadId: thread.id })).map((invite) => invite.email)).toEqual([address]);
  });

  it("adds nobody who has an account: they see the invitation and accept it", async () => {
    const { prisma } = database();
    const { owner, outsider, thread } = await room(prisma);
    await verify(prisma, outsider.id);
    const eventsBefore = (await eventsAfter(prisma, { threadId: thread.id, afterSeq: 0, limit: 100 })).length;
    await inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: outsider.email.toUpperCase(), appUrl }, null);
    expect(await isMember(prisma, thread.id, outsider.id)).toBe(false);
    expect((await eventsAfter(prisma, { threadId: thread.id, afterSeq: 0, limit: 100 })).length).toBe(eventsBefore);

    const [invitation, ...others] = await listInvitationsFor(prisma, { userId: outsider.id });
    expect(others).toEqual([]);
    expect(invitation).toMatchObject({ threadTitle: "Planning", invitedBy: "Owner" });
    await expect(acceptInvite(prisma, { token: invitation!.token, userId: outsider.id })).resolves.toBe(thread.id);
    expect(await isMember(prisma, thread.id, outsider.id)).toBe(true);
    const [joined] = (await eventsAfter(prisma, { threadId: thread.id, afterSeq: eventsBefore, limit: 100 })).filter((event) => event.type === "thread.updated");
    expect(joined?.type === "thread.updated" && joined.thread.members.map((member) => member.name)).toContain("Outsider");
    expect(await listInvitationsFor(prisma, { userId: outsider.id })).toEqual([]);
    expect(await listInvites(prisma, { threadId: thread.id })).toEqual([]);
    await expect(inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: outsider.email, appUrl }, null)).resolves.toEqual({
      status: "already_member",
      email: outsider.email,
    });
  });

  it("lets the invitee decline: the invite is gone and its link no longer works", async () => {
    const { prisma } = database();
    const { owner, outsider, thread } = await room(prisma);
    await verify(prisma, outsider.id);
    await inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: outsider.email, appUrl }, null);
    const [invitation] = await listInvitationsFor(prisma, { userId: outsider.id });
    await declineInvite(prisma, { token: invitation!.token });

    expect(await listInvitationsFor(prisma, { userId: outsider.id })).toEqual([]);
    expect(await listInvites(prisma, { threadId: thread.id })).toEqual([]);
    await expect(acceptInvite(prisma, { token: invitation!.token, userId: outsider.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(declineInvite(prisma, { token: invitation!.token })).rejects.toBeInstanceOf(NotFoundError);
    expect(await isMember(prisma, thread.id, outsider.id)).toBe(false);
    expect(await hasUsableInvite(prisma, { email: outsider.email })).toBe(false);
  });

  it("tells the inviter the same whether or not the address has an account, with or without mail", async () => {
    const { prisma } = database();
    const { owner, outsider, thread } = await room(prisma);
    await verify(prisma, outsider.id);
    const stranger = newAddress("stranger");
    const shape = ({ email: _, token, ...rest }: { email: string; token?: string }) => ({ ...rest, token: typeof token });

    const known = await inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: outsider.email, appUrl }, null);
    const unknown = await inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: stranger, appUrl }, null);
    expect(shape(known)).toEqual({ status: "invited", delivery: "link", mailFailed: false, token: "string" });
    expect(shape(unknown)).toEqual(shape(known));
    // Without mail, each invitee's personal link is there for the inviter to pass on.
    const invites = await listInvites(prisma, { threadId: thread.id });
    expect(invites.map((invite) => [invite.email, Boolean(invite.token), invite.mailed]).sort()).toEqual([
      [outsider.email, true, false],
      [stranger, true, false],
    ]);

    const mailed = await room(prisma);
    const mailedKnown = await inviteByEmail(prisma, { userId: mailed.owner.id, threadId: mailed.thread.id, email: outsider.email, appUrl }, smtpMailer());
    const mailedUnknown = await inviteByEmail(prisma, { userId: mailed.owner.id, threadId: mailed.thread.id, email: stranger, appUrl }, smtpMailer());
    expect(shape(mailedKnown)).toEqual({ status: "invited", delivery: "mail", token: "undefined" });
    expect(shape(mailedUnknown)).toEqual(shape(mailedKnown));
    await expect(inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: "not an email", appUrl }, null)).rejects.toBeInstanceOf(ValidationError);
  });

  it("mails a link that works once, for its own invite only, and proves the address", async () => {
    const { prisma } = database();
    const { owner, thread } = await room(prisma);
    const other = await room(prisma);
    const alice = await person(prisma, "Alice");
    const bob = newAddress("bob");
    const answer = await inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: alice.email, appUrl }, smtpMailer());
    expect(answer).toEqual({ status: "invited", email: alice.email, delivery: "mail" });
    await inviteByEmail(prisma, { userId: other.owner.id, threadId: other.thread.id, email: bob, appUrl }, smtpMailer());

    const [mail, ...more] = smtp.mailsTo(alice.email);
    expect(more).toEqual([]);
    expect(mail!.from?.value).toEqual([{ name: "Roundtable", address: "roundtable@example.com" }]);
    expect(mail!.subject).toBe("Owner invited you to “Planning” on Roundtable");
    const link = mail!.text!.match(/http:\/\/roundtable\.test\/invite\/([\w-]+)/);
    expect(link).not.toBeNull();
    const token = link![1]!;
    const bobToken = smtp.mailsTo(bob)[0]!.text!.match(/\/invite\/([\w-]+)/)![1]!;
    expect(bobToken).not.toBe(token);
    // A mailed link is the invitee's alone: the thread's members do not see it.
    expect((await listInvites(prisma, { threadId: thread.id })).map((invite) => [invite.email, invite.token, invite.mailed])).toEqual([[alice.email, null, true]]);
    // Inviting again does not mail again.
    await inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: alice.email, appUrl }, smtpMailer());
    expect(smtp.mailsTo(alice.email)).toHaveLength(1);

    await expect(describeInvite(prisma, { token, userId: alice.id })).resolves.toMatchObject({ threadId: thread.id, title: "Planning", invitedBy: "Owner", email: alice.email });
    await expect(acceptInvite(prisma, { token, userId: alice.id })).resolves.toBe(thread.id);
    expect(await isMember(prisma, thread.id, alice.id)).toBe(true);
    expect(await isMember(prisma, other.thread.id, alice.id)).toBe(false);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: alice.id } })).emailVerified).not.toBeNull();

    const mallory = await person(prisma, "Mallory");
    await expect(acceptInvite(prisma, { token, userId: mallory.id })).rejects.toThrow("This invite link is not valid any more");
    expect(await isMember(prisma, thread.id, mallory.id)).toBe(false);
    await expect(acceptInvite(prisma, { token: bobToken, userId: alice.id })).resolves.toBe(other.thread.id);
  });

  it("offers the personal link when the mail cannot be sent", async () => {
    const { prisma } = database();
    const { owner, thread } = await room(prisma);
    const closed = await startSmtpServer();
    await closed.close();
    const address = newAddress("unlucky");
    const answer = await inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: address, appUrl }, mailer({ SMTP_URL: closed.url, MAIL_FROM: "roundtable@example.com" }));
    expect(answer).toMatchObject({ status: "invited", delivery: "link", mailFailed: true });
    const [invite] = await listInvites(prisma, { threadId: thread.id });
    expect(invite).toMatchObject({ email: address, mailed: false, token: (answer as { token: string }).token });
  });

  it("lets anyone with a live shareable link join, until the owner revokes it", async () => {
    const { prisma } = database();
    const { member, thread } = await room(prisma);
    const link = await createInviteLink(prisma, { userId: member.id, threadId: thread.id });
    const guest = await person(prisma, "Guest");
    await expect(describeInvite(prisma, { token: link.token!, userId: guest.id })).resolves.toEqual({
      threadId: thread.id,
      title: "Planning",
      invitedBy: "Member",
      email: null,
      alreadyMember: false,
    });
    await expect(acceptInvite(prisma, { token: link.token!, userId: guest.id })).resolves.toBe(thread.id);
    await expect(acceptInvite(prisma, { token: link.token!, userId: guest.id })).resolves.toBe(thread.id);
    await expect(declineInvite(prisma, { token: link.token! })).rejects.toBeInstanceOf(ValidationError);

    await revokeInvite(prisma, { threadId: thread.id, inviteId: link.id });
    const late = await person(prisma, "Late");
    await expect(acceptInvite(prisma, { token: link.token!, userId: late.id })).rejects.toThrow("This invite link is not valid any more");
    await expect(acceptInvite(prisma, { token: "made-up", userId: late.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("tells sign-up whether an address or a token holds a usable invite", async () => {
    const { prisma } = database();
    const { owner, thread } = await room(prisma);
    const address = newAddress("invited");
    const answer = await inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: address, appUrl }, null);
    const link = await createInviteLink(prisma, { userId: owner.id, threadId: thread.id });

    expect(await hasUsableInvite(prisma, { email: ` ${address.toUpperCase()} ` })).toBe(true);
    expect(await hasUsableInvite(prisma, { email: newAddress("uninvited") })).toBe(false);
    expect(await hasUsableInvite(prisma, { email: "not an email" })).toBe(false);
    expect(await hasUsableInvite(prisma, { token: link.token })).toBe(true);
    expect(await hasUsableInvite(prisma, { email: newAddress("uninvited"), token: "made-up" })).toBe(false);
    expect(await hasUsableInvite(prisma, {})).toBe(false);

    const joiner = await person(prisma, "Joiner");
    await acceptInvite(prisma, { token: (answer as { token: string }).token, userId: joiner.id });
    expect(await hasUsableInvite(prisma, { email: address })).toBe(false);
    await revokeInvite(prisma, { threadId: thread.id, inviteId: link.id });
    expect(await hasUsableInvite(prisma, { token: link.token })).toBe(false);
  });
});
