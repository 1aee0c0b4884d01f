import "server-only";
import { open } from "node:fs/promises";

/** One entry of a zip archive as its central directory declares it; nothing is inflated to learn this. */
export type ZipPart = { name: string; offset: number; compressedSize: number; size: number; method: number };

export class ZipDirectoryError extends Error {}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
// The end record is 22 bytes, followed by a comment of at most 65,535.
const END_SEARCH = 22 + 0xffff;
// A Word document has a few dozen parts; a directory far larger than that is not one.
const MAX_DIRECTORY_BYTES = 1024 * 1024;

/**
 * The parts of a zip archive (a DOCX), read from its central directory: a few small reads from the
 * end of the file. ZIP64 archives are refused: a document under the upload limit never needs them.
 */
export async function readZipDirectory(path: string): Promise<ZipPart[]> {
  const file = await open(path);
  try {
    const { size: fileSize } = await file.stat();
    const tailLength = Math.min(fileSize, END_SEARCH);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, fileSize - tailLength);
    let end = -1;
    for (let at = tailLength - 22; at >= 0; at--) {
      if (tail.readUInt32LE(at) === END_OF_DIRECTORY) {
        end = at;
        break;
      }
    }
    if (end < 0) throw new ZipDirectoryError("It is damaged: its zip directory is missing.");
    const count = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) throw new ZipDirectoryError("It is a ZIP64 archive, which a Word document never needs.");
    if (directorySize > MAX_DIRECTORY_BYTES) throw new ZipDirectoryError("It has far more parts than a Word document.");
    if (directoryOffset + directorySize > fileSize) throw new ZipDirectoryError("It is damaged: its zip directory points past its end.");

    const directory = Buffer.alloc(directorySize);
    await file.read(directory, 0, directorySize, directoryOffset);
    const parts: ZipPart[] = [];
    let at = 0;
    for (let index = 0; index < count; index++) {
      if (at + 46 > directorySize || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new ZipDirectoryError("It is damaged: its zip directory cannot be read.");
      const nameLength = directory.readUInt16LE(at + 28);
      const part: ZipPart = {
        method: directory.readUInt16LE(at + 10),
        compressedSize: directory.readUInt32LE(at + 20),
        size: directory.readUInt32LE(at + 24),
        offset: directory.readUInt32LE(at + 42),
        name: directory.toString("utf8", at + 46, at + 46 + nameLength),
      };
      if (part.size === 0xffffffff || part.compressedSize === 0xffffffff || part.offset === 0xffffffff) throw new ZipDirectoryError("It is a ZIP64 archive, which a Word document never needs.");
      parts.push(part);
      at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
    return parts;
  } finally {
    await file.close();
  }
}
