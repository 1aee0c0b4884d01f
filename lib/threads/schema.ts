import { z } from "zod";

export const threadTitle = z.string().trim().min(1, "Give the thread a title.").max(120, "Keep the title under 120 characters.");
