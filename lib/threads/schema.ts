import { text } from "../validation";

export const threadTitle = text().trim().min(1, "Give the thread a title.").max(120, "Keep the title under 120 characters.");
