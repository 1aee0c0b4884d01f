import type { Metadata } from "next";
import { AccountList } from "@/components/admin/account-list";
import { SignUpPolicyForm } from "@/components/admin/sign-up-policy";
import { authorizePage } from "@/lib/access/guard";
import { adminOverview } from "@/lib/accounts/admin";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  // Anyone but an admin gets "not found": the page does not exist for them.
  const { user, prisma } = await authorizePage("admin.manage", "/admin");
  const { q } = await searchParams;
  const search = typeof q === "string" ? q : "";
  const overview = await adminOverview(prisma, { search });
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto w-full max-w-4xl space-y-10 px-4 py-6 md:px-8">
        <header>
          <h1 className="text-xl font-semibold">Administration</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Who may join this Roundtable, and its accounts.</p>
        </header>
        <SignUpPolicyForm policy={overview.signUp.policy} chosen={overview.signUp.chosen} />
        <AccountList accounts={overview.accounts} total={overview.total} search={search} selfId={user.id} />
      </div>
    </div>
  );
}
