import type { PrismaClient } from "../db/generated/client";

/** The files a person uploaded, newest first: what they may attach or hand to a run. */
export async function listUploadedFiles(prisma: PrismaClient, { userId }: { userId: string }) {
  return prisma.file.findMany({ where: { uploaderId: userId }, orderBy: { createdAt: "desc" }, select: { id: true, name: true } });
}
