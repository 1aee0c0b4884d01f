"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { Avatar } from "../avatar";

const item = "block w-full rounded px-3 py-1.5 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800";

export function AccountMenu({ user }: { user: { name: string; email: string; image: string | null; isAdmin: boolean } }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  return (
    <div ref={rootRef} className="relative">
      <button
        type="button"
        aria-label="Account menu"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
        className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        <Avatar name={user.name} image={user.image} size={28} />
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium">{user.name}</span>
          <span className="block truncate text-xs text-zinc-500">{user.email}</span>
        </span>
      </button>
      {open ? (
        <div
          id={menuId}
          className="absolute bottom-full left-0 z-20 mb-1 w-full rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <Link href="/settings" autoFocus className={item} onClick={() => setOpen(false)}>
            Settings
          </Link>
          {user.isAdmin ? (
            <Link href="/admin" className={item} onClick={() => setOpen(false)}>
              Administration
            </Link>
          ) : null}
          <form action={signOutAction}>
            <button type="submit" className={item}>
              Sign out
            </button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
