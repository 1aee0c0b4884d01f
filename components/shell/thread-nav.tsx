"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function ThreadNav({ threads }: { threads: { id: string; title: string }[] }) {
  const pathname = usePathname();
  if (threads.length === 0) {
    return <p className="px-3 py-2 text-sm text-zinc-500">No threads yet.</p>;
  }
  return (
    <ul className="space-y-0.5">
      {threads.map((thread) => {
        const href = `/threads/${thread.id}`;
        const active = pathname === href;
        return (
          <li key={thread.id}>
            <Link
              href={href}
              aria-current={active ? "page" : undefined}
              className={`block truncate rounded-md px-3 py-1.5 text-sm ${
                active
                  ? "bg-indigo-50 font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300"
                  : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
              }`}
            >
              {thread.title}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
