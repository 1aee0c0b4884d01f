"use client";

import { hintText, quietButton } from "./form-controls";
import type { AssistantEditor } from "./use-assistant-editor";

/** Save (or create), discard, what state the edits are in, and why a save did not go through. */
export function SaveBar({ editor }: { editor: AssistantEditor }) {
  const { mode, assistant, fieldId, formError, submitErrors, saving, dirty, justSaved, hasLiveErrors, reloading } = editor;
  return (
    <div className="sticky bottom-0 z-10 -mx-2 border-t border-zinc-200 bg-white/95 px-2 py-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95">
      {formError && !(formError.summary && Object.keys(submitErrors).length === 0) ? (
        <div role="alert" className="mb-3 flex flex-wrap items-center gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          <p className="min-w-0 flex-1">{formError.text}</p>
          {formError.stale ? (
            <button type="button" onClick={editor.reload} disabled={reloading} className="rounded-md border border-red-300 bg-white px-2.5 py-1 text-sm font-medium hover:bg-red-100 disabled:opacity-50 dark:border-red-800 dark:bg-red-950 dark:hover:bg-red-900">
              {reloading ? "Reloading…" : "Reload"}
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={saving || hasLiveErrors}
          aria-describedby={hasLiveErrors ? fieldId("blocked") : undefined}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {mode === "create" ? "Create assistant" : "Save changes"}
        </button>
        {assistant && dirty && !saving ? (
          <button type="button" onClick={editor.discard} className={quietButton}>
            Discard changes
          </button>
        ) : null}
        <p role="status" className={`text-sm ${justSaved && !dirty ? "text-emerald-700 dark:text-emerald-300" : "text-zinc-500 dark:text-zinc-400"}`}>
          {editor.status}
        </p>
        {hasLiveErrors ? (
          <p id={fieldId("blocked")} className="text-sm text-red-700 dark:text-red-300">
            Fix the highlighted fields to save.
          </p>
        ) : (
          <p className={`ml-auto hidden sm:block ${hintText}`}>
            <kbd className="font-sans">Ctrl</kbd>+<kbd className="font-sans">S</kbd> saves
          </p>
        )}
      </div>
    </div>
  );
}
