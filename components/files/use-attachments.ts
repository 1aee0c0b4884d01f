"use client";

import { useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import type { FileDTO } from "@/lib/files/dto";
import { uploadFile } from "./upload";

export type AttachmentStatus = "uploading" | "done" | "failed" | "cancelled";

/** One attachment as the reducer keeps it. `started`: an upload waiting for a free slot has not. */
export type AttachmentState = {
  key: string;
  /** Null for a file chosen from those already uploaded. */
  file: File | null;
  name: string;
  size: number;
  mimeType: string;
  progress: number;
  status: AttachmentStatus;
  started: boolean;
  error?: string;
  result?: FileDTO;
};

export type Attachment = Omit<AttachmentState, "started"> & { cancel: () => void; remove: () => void };

export type AttachmentAction =
  | { type: "add"; files: { key: string; file: File }[] }
  | { type: "addUploaded"; key: string; file: FileDTO }
  | { type: "start"; keys: string[] }
  | { type: "progress"; key: string; fraction: number }
  | { type: "done"; key: string; result: FileDTO }
  | { type: "failed"; key: string; error: string }
  | { type: "cancel"; key: string }
  /** Without keys: all of them. */
  | { type: "remove"; keys?: string[] };

// Enough to keep the connection busy without one large file starving the others.
export const MAX_PARALLEL_UPLOADS = 3;

/** Pure: the whole state machine, so that it can be tested without a browser. */
export function attachmentsReducer(items: AttachmentState[], action: AttachmentAction): AttachmentState[] {
  // Results of an upload cancelled or removed meanwhile arrive late: they change nothing.
  const whileUploading = (key: string, change: (item: AttachmentState) => AttachmentState) =>
    items.map((item) => (item.key === key && item.status === "uploading" ? change(item) : item));
  switch (action.type) {
    case "add":
      return [
        ...items,
        ...action.files.map(({ key, file }): AttachmentState => ({
          key,
          file,
          name: file.name,
          size: file.size,
          mimeType: file.type,
          progress: 0,
          status: "uploading",
          started: false,
        })),
      ];
    case "addUploaded":
      if (items.some((item) => item.result?.id === action.file.id)) return items;
      return [
        ...items,
        { key: action.key, file: null, name: action.file.name, size: action.file.size, mimeType: action.file.mimeType, progress: 1, status: "done", started: true, result: action.file },
      ];
    case "start":
      return items.map((item) => (action.keys.includes(item.key) ? { ...item, started: true } : item));
    case "progress":
      return whileUploading(action.key, (item) => ({ ...item, progress: Math.min(1, Math.max(item.progress, action.fraction)) }));
    case "done":
      return whileUploading(action.key, (item) => ({ ...item, progress: 1, status: "done", result: action.result }));
    case "failed":
      return whileUploading(action.key, (item) => ({ ...item, status: "failed", error: action.error }));
    case "cancel":
      return whileUploading(action.key, (item) => ({ ...item, status: "cancelled" }));
    case "remove":
      return action.keys ? items.filter((item) => !action.keys!.includes(item.key)) : [];
  }
}

/** Pure: the waiting uploads to start now, oldest first, so that at most `limit` run at once. */
export function uploadsToStart(items: AttachmentState[], limit = MAX_PARALLEL_UPLOADS): string[] {
  const waiting = items.filter((item) => item.status === "uploading");
  const running = waiting.filter((item) => item.started).length;
  return waiting
    .filter((item) => !item.started)
    .slice(0, Math.max(0, limit - running))
    .map((item) => item.key);
}

/**
 * Pure: the files a paste should attach. A copied spreadsheet range or rich text also carries a
 * picture of itself; when there is plain text, the text is what was meant.
 */
export function pastedFiles(types: readonly string[], files: File[]): File[] {
  return types.includes("text/plain") ? [] : files;
}

let lastKey = 0;
const nextKey = () => `attachment-${++lastKey}`;

/**
 * Files being attached to something: uploads start as soon as files are added, a few at a time.
 * `onUploaded` hears of each finished upload (not of files added with addFromLibrary).
 */
export function useAttachments({ onUploaded }: { onUploaded?: (file: FileDTO, key: string) => void } = {}) {
  const [items, dispatch] = useReducer(attachmentsReducer, []);
  const controllers = useRef(new Map<string, AbortController>());
  const onUploadedRef = useRef(onUploaded);
  useEffect(() => {
    onUploadedRef.current = onUploaded;
  });

  // Whenever a slot is free, the next waiting upload takes it.
  useEffect(() => {
    const keys = uploadsToStart(items);
    if (keys.length === 0) return;
    dispatch({ type: "start", keys });
    for (const key of keys) {
      const file = items.find((item) => item.key === key)?.file;
      if (!file || controllers.current.has(key)) continue;
      const controller = new AbortController();
      controllers.current.set(key, controller);
      uploadFile(file, { signal: controller.signal, onProgress: (fraction) => dispatch({ type: "progress", key, fraction }) })
        .then(
          (result) => {
            dispatch({ type: "done", key, result });
            if (!controller.signal.aborted) onUploadedRef.current?.(result, key);
          },
          (error: unknown) => dispatch({ type: "failed", key, error: error instanceof Error ? error.message : "Upload failed." }),
        )
        .finally(() => controllers.current.delete(key));
    }
  }, [items]);

  // Leaving the page (or the thread) stops what is still being sent.
  useEffect(() => {
    const running = controllers.current;
    return () => running.forEach((controller) => controller.abort());
  }, []);

  const add = useCallback((files: File[]) => {
    if (files.length > 0) dispatch({ type: "add", files: files.map((file) => ({ key: nextKey(), file })) });
  }, []);
  const addFromLibrary = useCallback((file: FileDTO) => dispatch({ type: "addUploaded", key: nextKey(), file }), []);
  const cancel = useCallback((key: string) => {
    controllers.current.get(key)?.abort();
    dispatch({ type: "cancel", key });
  }, []);
  /** Forgets the given attachments (all without `keys`), stopping their uploads. */
  const clear = useCallback((keys?: string[]) => {
    for (const [key, controller] of controllers.current) if (!keys || keys.includes(key)) controller.abort();
    dispatch({ type: "remove", keys });
  }, []);

  return useMemo(() => {
    const list: Attachment[] = items.map(({ started: _started, ...item }) => ({
      ...item,
      cancel: () => cancel(item.key),
      remove: () => clear([item.key]),
    }));
    return {
      items: list,
      add,
      addFromLibrary,
      clear,
      /** Nothing is still uploading: what is done can be sent. */
      ready: list.every((item) => item.status !== "uploading"),
      fileIds: list.flatMap((item) => (item.status === "done" && item.result ? [item.result.id] : [])),
    };
  }, [items, add, addFromLibrary, cancel, clear]);
}

export type Attachments = ReturnType<typeof useAttachments>;
