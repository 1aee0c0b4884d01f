import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { uploadFile } from "../../lib/files";
import { S3FileStorage, s3Options, type S3Options } from "../../lib/files/storage";
import { describeEachDatabase } from "../support/databases";
import { person } from "../support/fixtures";

// s3rver ships no type declarations; this is the part of it the test uses.
type S3rverServer = { run(): Promise<{ port: number }>; close(): Promise<void> };
const S3rver = createRequire(import.meta.url)("s3rver") as new (options: object) => S3rverServer;

const folder = mkdtempSync(join(tmpdir(), "roundtable-s3-"));
let server: S3rverServer;
let options: S3Options;

beforeAll(async () => {
  server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: join(folder, "s3rver"), configureBuckets: [{ name: "roundtable" }] });
  const { port } = await server.run();
  options = { bucket: "roundtable", endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", forcePathStyle: true };
  // Uploads through S3 are received into <data dir>/files/tmp first.
  vi.stubEnv("ROUNDTABLE_DATA_DIR", join(folder, "data"));
});

afterAll(async () => {
  await server?.close();
  vi.unstubAllEnvs();
  rmSync(folder, { recursive: true, force: true });
});

async function keys(): Promise<string[]> {
  const client = new S3Client({ region: options.region, endpoint: options.endpoint, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  const listed = await client.send(new ListObjectsV2Command({ Bucket: options.bucket }));
  client.destroy();
  return (listed.Contents ?? []).map((object) => object.Key ?? "").sort();
}

it("reads its settings from S3_* variables, with path-style addressing for a custom endpoint", () => {
  expect(s3Options({})).toBeUndefined();
  expect(s3Options({ S3_BUCKET: "b", S3_ENDPOINT: "http://minio:9000", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" })).toEqual({
    bucket: "b",
    endpoint: "http://minio:9000",
    region: "us-east-1",
    accessKeyId: "k",
    secretAccessKey: "s",
    forcePathStyle: true,
  });
  expect(s3Options({ S3_BUCKET: "b", S3_REGION: "eu-west-3" })).toMatchObject({ endpoint: undefined, region: "eu-west-3", forcePathStyle: false });
  expect(s3Options({ S3_BUCKET: "b", S3_ENDPOINT: "https://s3.example.com", S3_FORCE_PATH_STYLE: "false" })?.forcePathStyle).toBe(false);
});

it("puts, finds and reads back a blob", async () => {
  const storage = new S3FileStorage(options);
  const source = join(folder, "source.txt");
  writeFileSync(source, "stored in S3");
  expect(await storage.has("test/blob")).toBe(false);
  await storage.put("test/blob", source);
  expect(await storage.has("test/blob")).toBe(true);
  expect(await new Response(await storage.read("test/blob")).text()).toBe("stored in S3");
  await expect(storage.read("test/missing")).rejects.toThrow();
});

describeEachDatabase("uploads to S3", (database) => {
  it("stores identical content once", async () => {
    const { prisma } = database();
    const storage = new S3FileStorage(options);
    const ada = await person(prisma, "Ada");
    const bob = await person(prisma, "Bob");
    const content = `same bytes ${Date.now()}-${Math.random()}`;
    const upload = (userId: string, name: string) => uploadFile(prisma, { userId, name, declaredType: "text/plain", body: new Blob([content]).stream(), storage });
    const before = await keys();
    const first = await upload(ada.id, "one.txt");
    const second = await upload(bob.id, "two.txt");
    const added = (await keys()).filter((key) => !before.includes(key));
    const rows = await prisma.file.findMany({ where: { id: { in: [first.id, second.id] } }, select: { storageKey: true } });
    expect(added).toHaveLength(1);
    expect(rows.map((row) => row.storageKey)).toEqual([added[0], added[0]]);
    expect(await new Response(await storage.read(added[0] ?? "")).text()).toBe(content);
    expect(readdirSync(join(folder, "data", "files", "tmp"))).toEqual([]);
  });
});
