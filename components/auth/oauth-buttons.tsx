import { oauthSignInAction } from "@/app/(auth)/oauth-actions";

const LABELS: Record<string, string> = { github: "Continue with GitHub", google: "Continue with Google" };

export function OAuthButtons({ providers, from }: { providers: string[]; from?: string }) {
  if (providers.length === 0) return null;
  return (
    <div className="space-y-2">
      {providers.map((provider) => (
        <form key={provider} action={oauthSignInAction}>
          <input type="hidden" name="provider" value={provider} />
          {from ? <input type="hidden" name="from" value={from} /> : null}
          <button type="submit" className="w-full rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900">
            {LABELS[provider]}
          </button>
        </form>
      ))}
      <p className="text-center text-xs text-zinc-500">or with your email</p>
    </div>
  );
}
