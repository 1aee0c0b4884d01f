import { z } from "zod";

/** An email address as Roundtable keeps it (trimmed, lower-case), so that one address is one account and one invitee. */
export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address." }));
