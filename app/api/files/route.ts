import { guardedRoute } from "@/lib/access/guard";
import { ValidationError } from "@/lib/errors";
import { FileTooLargeError, fileMaxBytes, listUploadedFiles, uploadFile } from "@/lib/files";

export const dynamic = "force-dynamic";

// Room for a multipart body's boundaries and part headers around the file itself.
const MULTIPART_OVERHEAD = 64 * 1024;

/** The person's uploads, newest first. */
export const GET = guardedRoute({ permission: "file.list" }, async ({ user, prisma }) => Response.json(await listUploadedFiles(prisma, { userId: user.id })));

/**
 * Uploads one file: the raw bytes as the body with its name in `X-File-Name` (URI-encoded),
 * streamed to storage; or a multipart/form-data body with the file in the field `file`.
 * Answers 201 with the file.
 */
export const POST = guardedRoute({ permission: "file.upload", limit: "upload" }, async ({ request, user, prisma }) => {
  const file = await uploadFile(prisma, { userId: user.id, ...(await readUpload(request)) });
  return Response.json(file, { status: 201 });
});

async function readUpload(request: Request) {
  const length = request.headers.get("content-length");
  const declaredSize = length === null ? undefined : Number(length);
  const encodedName = request.headers.get("x-file-name");
  if (encodedName !== null) {
    return { name: decodeName(encodedName), declaredType: request.headers.get("content-type") ?? "", body: request.body ?? new Blob().stream(), declaredSize };
  }
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("multipart/form-data")) {
    throw new ValidationError('Send the file as the body with an X-File-Name header, or as multipart/form-data in a field named "file".');
  }
  // formData() holds the whole body in memory: refuse a body that is too large before reading it.
  if (declaredSize === undefined) throw new ValidationError("A multipart upload needs a Content-Length.");
  if (declaredSize > fileMaxBytes() + MULTIPART_OVERHEAD) throw new FileTooLargeError("This upload", fileMaxBytes());
  const form = await request.formData().catch(() => {
    throw new ValidationError("The upload could not be read as multipart/form-data.");
  });
  const file = form.get("file");
  if (!(file instanceof File)) throw new ValidationError('Put the file in a field named "file".');
  return { name: file.name, declaredType: file.type, body: file.stream(), declaredSize: file.size };
}

function decodeName(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new ValidationError("X-File-Name must be URI-encoded.");
  }
}
