import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin } from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { createLinkedUser, linkedSignInRefusal } from "../accounts";
import { authSecret } from "../config";
import { db } from "../db";
import { closeSession, openSession, SESSION_MAX_AGE_SECONDS } from "../sessions";
import { authorizeCredentials } from "./credentials";
import { oauthProviderIds, type OAuthProviderId } from "../auth/oauth";

const OAUTH_PROVIDERS = { github: GitHub, google: Google } satisfies Record<OAuthProviderId, Provider>;

// Lazy configuration: the database and the secret are touched on the first request, not at
// import or build time.
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const prisma = await db();
  // The adapter is typed against @prisma/client's default output; ours is generated elsewhere.
  const adapter = PrismaAdapter(prisma as unknown as Parameters<typeof PrismaAdapter>[0]);
  return {
    secret: authSecret(),
    trustHost: true,
    // Credentials sign-in needs JWT sessions; the adapter still stores OAuth accounts and users.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin" },
    adapter: {
      ...adapter,
      // New GitHub or Google people: the first account becomes the admin, and each gets its welcome.
      createUser: ({ name, email, image, emailVerified }) => createLinkedUser(prisma, { name, email, image, emailVerified }),
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (credentials, request) => authorizeCredentials(prisma, credentials, request),
      }),
      ...oauthProviderIds().map((id) => OAUTH_PROVIDERS[id]),
    ],
    // A wrong password or a refused sign-in is an expected outcome, answered on the form; not an
    // error for the logs.
    logger: {
      error(error: Error) {
        if (!(error instanceof CredentialsSignin)) console.error(error);
      },
    },
    callbacks: {
      // GitHub and Google sign-ins obey the sign-up policy and disabled accounts too; the sign-in
      // page explains the refusal.
      async signIn({ account, user }) {
        if (!account || account.type === "credentials") return true;
        const refusal = await linkedSignInRefusal(prisma, { provider: account.provider, providerAccountId: account.providerAccountId, email: user.email });
        return refusal ? `/signin?error=${refusal}` : true;
      },
      // Each sign-in opens a server-side session that the cookie names (see ./sessions).
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.sid = await openSession(prisma, user.id);
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (typeof sid === "string") await closeSession(prisma, sid);
      },
    },
  };
});
