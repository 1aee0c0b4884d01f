import "server-only";
/** Invites that can still be used: not revoked, not answered, not expired. */
export function usableInvite(now = new Date()) {
  return { revokedAt: null, acceptedAt: null, declinedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}
