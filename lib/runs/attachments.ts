import "server-only";
import type { Env } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { toFileDTO } from "../files/dto";
import { fileStorage } from "../files/storage";
import type { Attachments } from "./prompt";

// Models known to take image inputs, by name prefix; MODEL_IMAGE_INPUT replaces the list.
const IMAGE_MODELS = "gpt-4o,gpt-4.1,gpt-5,o1,o3,o4,chatgpt-4o,llava,llama3.2-vision,qwen2.5vl,qwen2-vl,gemma3,pixtral,claude";
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export function acceptsImages(model: string, env: Env = process.env): boolean {
  const prefixes = (env.MODEL_IMAGE_INPUT ?? IMAGE_MODELS).split(",").map((prefix) => prefix.trim().toLowerCase()).filter(Boolean);
  return prefixes.some((prefix) => model.toLowerCase().startsWith(prefix));
}

/** An attached image the model was not shown, and why. */
export type UnseenImage = { name: string; why: "model" | "size" };

/**
 * The triggering message's files as the model reads them: extracted text, shared out of
 * `textBudgetChars` in attachment order (cut text says so), and images as data URLs when the model
 * takes them; with the images it was not shown, so that the person can be told.
 */
export async function attachmentsForModel(
  prisma: PrismaClient,
  { messageId, images, textBudgetChars }: { messageId: string; images: boolean; textBudgetChars: number },
): Promise<Attachments & { unseen: UnseenImage[] }> {
  const links = await prisma.messageFile.findMany({
    where: { messageId },
    orderBy: { createdAt: "asc" },
    select: { file: { select: { id: true, name: true, size: true, mimeType: true, storageKey: true, extractedText: true } } },
  });
  const result: Attachments & { unseen: UnseenImage[] } = { texts: [], images: [], unseen: [] };
  let budget = textBudgetChars;
  for (const { file } of links) {
    if (toFileDTO(file).isImage) {
      if (!images || file.size > MAX_IMAGE_BYTES) {
        result.unseen.push({ name: file.name, why: images ? "size" : "model" });
        continue;
      }
      const bytes = Buffer.from(await new Response(await fileStorage().read(file.storageKey)).arrayBuffer());
      result.images.push({ name: file.name, dataUrl: `data:${file.mimeType};base64,${bytes.toString("base64")}` });
      continue;
    }
    if (!file.extractedText || budget <= 0) continue;
    const text = file.extractedText.length > budget ? `${file.extractedText.slice(0, budget)}\n[… the rest of ${file.name} was left out]` : file.extractedText;
    budget -= file.extractedText.length;
    result.texts.push({ name: file.name, text });
  }
  return result;
}

const list = (names: string[]) => (names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);

/** What to tell the person about the images the model was not shown; null if it saw them all. */
export function unseenImagesNote(model: string, unseen: UnseenImage[]): string | null {
  const byModel = unseen.filter((image) => image.why === "model").map((image) => image.name);
  const bySize = unseen.filter((image) => image.why === "size").map((image) => image.name);
  const parts = [
    byModel.length ? `${model} cannot see images, so it was not shown ${list(byModel)}.` : "",
    bySize.length ? `${list(bySize)} ${bySize.length === 1 ? "is" : "are"} over ${MAX_IMAGE_BYTES / 1024 / 1024} MB, so the model was not shown ${bySize.length === 1 ? "it" : "them"}.` : "",
  ];
  return parts.filter(Boolean).join(" ") || null;
}
