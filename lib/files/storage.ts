import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, copyFile, mkdir, open, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { dataDir, type Env } from "../config";

/** Where file contents live, by key. Keys are content-addressed, so a stored blob never changes. */
export interface FileStorage {
  /** Stores a copy of the file at sourcePath (which stays where it is) under key. */
  put(key: string, sourcePath: string): Promise<void>;
  has(key: string): Promise<boolean>;
  read(key: string): Promise<ReadableStream<Uint8Array>>;
}

// Keys are made by the app, but a key must never reach outside the storage folder.
const SAFE_KEY = /^[\w-]+(\/[\w-]+)*$/;

export class LocalFileStorage implements FileStorage {
  /** Temporary files, inside rootDir so that a rename into place stays on one filesystem. */
  readonly tempDir: string;

  constructor(readonly rootDir: string = join(dataDir(), "files")) {
    this.tempDir = join(rootDir, "tmp");
  }

  private path(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`Invalid storage key: ${key}`);
    return join(this.rootDir, key);
  }

  async put(key: string, sourcePath: string): Promise<void> {
    const target = this.path(key);
    await Promise.all([mkdir(dirname(target), { recursive: true }), mkdir(this.tempDir, { recursive: true })]);
    // Copy beside the target, then rename: a crash leaves either the whole blob or none at all.
    const temp = join(this.tempDir, `${randomUUID()}.put`);
    try {
      await copyFile(sourcePath, temp);
      await rename(temp, target);
    } finally {
      await rm(temp, { force: true });
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      await access(this.path(key));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  }

  async read(key: string): Promise<ReadableStream<Uint8Array>> {
    // Opened first so that a missing blob rejects here rather than in the middle of a response.
    const handle = await open(this.path(key));
    return Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
  }
}

export type S3Options = {
  bucket: string;
  endpoint?: string;
  region: string;
  /** Without both keys, the SDK's usual credential chain applies (environment, instance role…). */
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
};

export class S3FileStorage implements FileStorage {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor({ bucket, endpoint, region, accessKeyId, secretAccessKey, forcePathStyle }: S3Options) {
    this.bucket = bucket;
    this.client = new S3Client({
      region,
      endpoint,
      forcePathStyle,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
      // The SDK's default checksums send uploads aws-chunked, which many S3-compatible servers
      // do not understand: s3rver, for one, stores the chunk framing as part of the content.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(key: string, sourcePath: string): Promise<void> {
    const { size } = await stat(sourcePath);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: createReadStream(sourcePath), ContentLength: size }));
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return false;
      throw error;
    }
  }

  async read(key: string): Promise<ReadableStream<Uint8Array>> {
    const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!Body) throw new Error(`S3 returned no body for ${key}`);
    return Body.transformToWebStream();
  }
}

/** S3 settings from the environment, or undefined when S3_BUCKET is not set. */
export function s3Options(env: Env = process.env): S3Options | undefined {
  if (!env.S3_BUCKET) return undefined;
  const endpoint = env.S3_ENDPOINT || undefined;
  const pathStyle = env.S3_FORCE_PATH_STYLE?.trim().toLowerCase();
  return {
    bucket: env.S3_BUCKET,
    endpoint,
    region: env.S3_REGION || "us-east-1",
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    // S3-compatible servers (MinIO, s3rver…) rarely have per-bucket host names; AWS itself does.
    forcePathStyle: pathStyle ? pathStyle === "true" || pathStyle === "1" : endpoint !== undefined,
  };
}

// On globalThis so that dev-mode module reloads keep one S3 client (and its connection pool).
const cache = globalThis as typeof globalThis & { __roundtableFileStorage?: { config: string; storage: FileStorage } };

/** The app's file storage: S3 when S3_BUCKET is set, otherwise `<data dir>/files`. */
export function fileStorage(env: Env = process.env): FileStorage {
  const s3 = s3Options(env);
  const config = JSON.stringify(s3 ?? dataDir(env));
  if (cache.__roundtableFileStorage?.config !== config) {
    cache.__roundtableFileStorage = { config, storage: s3 ? new S3FileStorage(s3) : new LocalFileStorage(join(dataDir(env), "files")) };
  }
  return cache.__roundtableFileStorage.storage;
}
