"use client";

import { useId, useState, useTransition } from "react";
import { setAccountDisabledAction } from "@/app/(app)/admin/actions";
import type { AdminAccount } from "@/lib/accounts/admin";

const smallButton = "rounded-md border border-zinc-300 px-2.5 py-1 text-sm font-medium hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Every account (the first page, or those matching the search), to disable or enable. */
export function AccountList({ accounts, total, search, selfId }: { accounts: AdminAccount[]; total: number; search: string; selfId: string }) {
  const id = useId();
  const [notice, setNotice] = useState<{ kind: "error" | "done"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function toggle(account: AdminAccount) {
    const disabled = !account.disabledAt;
    if (disabled && !window.confirm(`Disable ${account.name}? They are signed out everywhere at once.`)) return;
    setNotice(null);
    startTransition(async () => {
      const result = await setAccountDisabledAction({ userId: account.id, disabled });
      setNotice(result.ok ? { kind: "done", text: `${account.name} was ${disabled ? "disabled" : "enabled"}.` } : { kind: "error", text: result.error });
    });
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <h2 id={`${id}-heading`} className="text-base font-semibold">
        Accounts ({total})
      </h2>
      <form role="search" method="get" className="flex gap-2">
        <label htmlFor={`${id}-search`} className="sr-only">
          Search accounts
        </label>
        <input
          id={`${id}-search`}
          name="q"
          type="search"
          defaultValue={search}
          placeholder="Name or email"
          className="block w-full max-w-xs rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button type="submit" className={smallButton}>
          Search
        </button>
      </form>
      {notice ? (
        <p role={notice.kind === "error" ? "alert" : "status"} className={`text-sm ${notice.kind === "error" ? "text-red-700 dark:text-red-300" : "text-zinc-700 dark:text-zinc-300"}`}>
          {notice.text}
        </p>
      ) : null}
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-zinc-500">
          <tr>
            <th scope="col" className="py-2 pr-3 font-semibold">Name</th>
            <th scope="col" className="py-2 pr-3 font-semibold">Email</th>
            <th scope="col" className="py-2 pr-3 font-semibold">Status</th>
            <th scope="col" className="py-2 font-semibold"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {accounts.map((account) => (
            <tr key={account.id}>
              <td className="py-2 pr-3">{account.name}</td>
              <td className="py-2 pr-3 break-all">{account.email}</td>
              <td className="py-2 pr-3">{account.disabledAt ? "Disabled" : account.isAdmin ? "Admin" : "Active"}</td>
              <td className="py-2 text-right">
                {account.id === selfId ? null : (
                  <button type="button" disabled={pending} onClick={() => toggle(account)} aria-label={`${account.disabledAt ? "Enable" : "Disable"} ${account.name} (${account.email})`} className={smallButton}>
                    {account.disabledAt ? "Enable" : "Disable"}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {accounts.length < total ? <p className="text-sm text-zinc-600 dark:text-zinc-400">Showing {accounts.length} of {total}: search to find the others.</p> : null}
    </section>
  );
}
