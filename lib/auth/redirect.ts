/** Only same-site paths may be redirected to after signing in. */
export function safeRedirectPath(from: unknown): string {
  return typeof from === "string" && from.startsWith("/") && !from.startsWith("//") && !from.startsWith("/\\") ? from : "/";
}
