import { describe, expect, it } from "vitest";
import { oauthProviderIds } from "../../lib/auth/oauth";

describe("sign-in providers", () => {
  it("offers GitHub and Google only when both their id and secret are set", () => {
    expect(oauthProviderIds({})).toEqual([]);
    expect(oauthProviderIds({ AUTH_GITHUB_ID: "id" })).toEqual([]);
    expect(oauthProviderIds({ AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "secret" })).toEqual(["github"]);
    expect(oauthProviderIds({ AUTH_GITHUB_ID: "a", AUTH_GITHUB_SECRET: "b", AUTH_GOOGLE_ID: "c", AUTH_GOOGLE_SECRET: "d" })).toEqual(["github", "google"]);
  });
});
