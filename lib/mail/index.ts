import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import type { Env } from "../config";

export type MailMessage = { to: string; subject: string; text: string };
export type Mailer = { send(message: MailMessage): Promise<void> };

/** SMTP_URL and MAIL_FROM together turn mail on; with either missing, nothing is mailed. */
export function mailSettings(env: Env = process.env): { url: string; from: string } | null {
  const url = env.SMTP_URL?.trim();
  const from = env.MAIL_FROM?.trim();
  return url && from ? { url, from } : null;
}

// An unreachable or silent server must not hold the inviter's request for minutes (nodemailer's
// defaults); the operator's URL may still set its own (`?socketTimeout=…`).
const TIMEOUTS_MS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

const transports = new Map<string, Transporter>();

function transport(url: string): Transporter {
  let cached = transports.get(url);
  if (!cached) {
    const withTimeouts = new URL(url);
    for (const [name, ms] of Object.entries(TIMEOUTS_MS)) if (!withTimeouts.searchParams.has(name)) withTimeouts.searchParams.set(name, String(ms));
    cached = nodemailer.createTransport(withTimeouts.toString());
    transports.set(url, cached);
  }
  return cached;
}

/** The configured mailer, or null when mail is not set up. */
export function mailer(env: Env = process.env): Mailer | null {
  const settings = mailSettings(env);
  if (!settings) return null;
  return {
    async send({ to, subject, text }) {
      await transport(settings.url).sendMail({ from: settings.from, to, subject, text });
    },
  };
}
