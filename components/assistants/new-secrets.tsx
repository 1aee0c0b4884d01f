"use client";

import { useEffect, useRef, useState } from "react";
import type { NewWebhookSecret } from "@/lib/tools";
import { quietButton } from "./form-controls";

/**
 * The webhook signing secrets a save just made. They are shown here once: the server keeps them
 * to sign, and never sends them again.
 */
export function NewSecrets({ secrets, onDone }: { secrets: NewWebhookSecret[]; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => headingRef.current?.focus(), []);

  async function copy(secret: NewWebhookSecret) {
    await navigator.clipboard.writeText(secret.secret);
    setCopied(secret.functionName);
  }

  return (
    <section aria-labelledby="new-secrets-title" className="space-y-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950">
      <h2 id="new-secrets-title" ref={headingRef} tabIndex={-1} className="text-base font-semibold">
        Copy your webhook signing {secrets.length === 1 ? "secret" : "secrets"} now
      </h2>
      <p>It will not be shown again. Your webhook checks the Roundtable-Signature header of each call with it.</p>
      <ul className="space-y-2">
        {secrets.map((secret) => (
          <li key={secret.functionName} className="flex flex-wrap items-center gap-2">
            <span className="font-mono font-medium">{secret.functionName}</span>
            <code aria-label={`Signing secret of ${secret.functionName}`} className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900">
              {secret.secret}
            </code>
            <button type="button" onClick={() => void copy(secret)} className={quietButton} aria-label={`Copy the signing secret of ${secret.functionName}`}>
              {copied === secret.functionName ? "Copied" : "Copy"}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onDone} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">
        I have copied it
      </button>
    </section>
  );
}
