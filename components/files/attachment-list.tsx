import { FileChip } from "./file-chip";
import type { Attachment } from "./use-attachments";

/**
 * Files being attached, each removable. Removing a chip takes its button away, so `afterRemove`
 * says where the keyboard goes next (the field the person was working in).
 */
export function AttachmentList({ label, items, afterRemove, className = "" }: { label: string; items: Attachment[]; afterRemove: () => void; className?: string }) {
  if (items.length === 0) return null;
  return (
    <ul aria-label={label} className={`flex flex-wrap gap-2 ${className}`}>
      {items.map((item) => (
        <li key={item.key} className="max-w-full">
          <FileChip
            item={item}
            onRemove={() => {
              item.remove();
              afterRemove();
            }}
          />
        </li>
      ))}
    </ul>
  );
}
