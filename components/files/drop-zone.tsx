"use client";

import { useEffect, useState, type DragEvent, type ReactNode } from "react";

/** Pure: whether a drag carries files (not text or a link dragged from the page). */
export function carriesFiles(types: Iterable<string>): boolean {
  return Array.from(types).includes("Files");
}

/**
 * Pure: how many elements inside the zone the drag is over. Entering a child fires dragenter on it
 * before dragleave on its parent, so only the count reaching 0 means the drag left the zone.
 */
export function dragDepth(depth: number, event: "enter" | "leave" | "drop"): number {
  if (event === "enter") return depth + 1;
  if (event === "leave") return Math.max(0, depth - 1);
  return 0;
}

/** Takes files dropped anywhere on its children, with an overlay saying so while they are dragged over it. */
export function DropZone({
  onFiles,
  children,
  label = "Drop files to attach",
  className = "",
  disabled = false,
}: {
  onFiles: (files: File[]) => void;
  children: ReactNode;
  label?: string;
  className?: string;
  disabled?: boolean;
}) {
  const [depth, setDepth] = useState(0);
  const accepts = (event: DragEvent) => !disabled && carriesFiles(event.dataTransfer.types);

  // A file dropped just beside the zone would make the browser open it in place of the app.
  useEffect(() => {
    if (disabled) return;
    const refuse = (event: globalThis.DragEvent) => {
      if (event.defaultPrevented || !event.dataTransfer || !carriesFiles(event.dataTransfer.types)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "none";
    };
    window.addEventListener("dragover", refuse);
    window.addEventListener("drop", refuse);
    return () => {
      window.removeEventListener("dragover", refuse);
      window.removeEventListener("drop", refuse);
    };
  }, [disabled]);

  return (
    <div
      className={`relative ${className}`}
      onDragEnter={(event) => {
        if (!accepts(event)) return;
        event.preventDefault();
        setDepth((current) => dragDepth(current, "enter"));
      }}
      onDragOver={(event) => {
        if (!accepts(event)) return;
        // Without this the browser does not allow a drop here.
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={(event) => {
        if (accepts(event)) setDepth((current) => dragDepth(current, "leave"));
      }}
      onDrop={(event) => {
        if (!accepts(event)) return;
        event.preventDefault();
        setDepth((current) => dragDepth(current, "drop"));
        const files = Array.from(event.dataTransfer.files);
        if (files.length > 0) onFiles(files);
      }}
    >
      {children}
      {depth > 0 && !disabled ? (
        // Ignores the pointer, so that the drag stays over the same elements and the count holds.
        <div
          role="region"
          aria-label={label}
          className="pointer-events-none absolute inset-2 z-30 flex items-center justify-center rounded-xl border-2 border-dashed border-indigo-500 bg-indigo-50/90 dark:border-indigo-400 dark:bg-indigo-950/90"
        >
          <p className="flex items-center gap-2 text-base font-semibold text-indigo-700 dark:text-indigo-200">
            <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="h-5 w-5">
              <path d="M9.25 13.25a.75.75 0 0 0 1.5 0V4.636l2.955 3.129a.75.75 0 0 0 1.09-1.03l-4.25-4.5a.75.75 0 0 0-1.09 0l-4.25 4.5a.75.75 0 1 0 1.09 1.03L9.25 4.636v8.614Z" />
              <path d="M3.5 12.75a.75.75 0 0 0-1.5 0v2.5A2.75 2.75 0 0 0 4.75 18h10.5A2.75 2.75 0 0 0 18 15.25v-2.5a.75.75 0 0 0-1.5 0v2.5c0 .69-.56 1.25-1.25 1.25H4.75c-.69 0-1.25-.56-1.25-1.25v-2.5Z" />
            </svg>
            {label}
          </p>
        </div>
      ) : null}
    </div>
  );
}
