import "server-only";
import type { Env } from "../config";

export const OAUTH_PROVIDER_IDS = ["github", "google"] as const;
export type OAuthProviderId = (typeof OAUTH_PROVIDER_IDS)[number];

/** GitHub and Google sign-in are offered when their client id and secret are configured. */
export function oauthProviderIds(env: Env = process.env): OAuthProviderId[] {
  return OAUTH_PROVIDER_IDS.filter((id) => {
    const prefix = `AUTH_${id.toUpperCase()}`;
    return Boolean(env[`${prefix}_ID`] && env[`${prefix}_SECRET`]);
  });
}
