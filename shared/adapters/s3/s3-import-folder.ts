import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { SourceFile } from "../../import/apply-profile";
import type { ImportFolder } from "../../import/import-outcome";
import { filesToRead, PROFILE_FILE } from "../../import/import-profile";

/**
 * The import files present in one folder of the import bucket (the files are kept): the
 * contract's CSVs or workbooks, the import profile, and the files the profile names. A file
 * over `maxBytes` is not read at all: the function holds files in memory.
 */
export async function readImportFolder(
  client: S3Client,
  bucket: string,
  folder: string,
  maxBytes: number,
): Promise<ImportFolder> {
  const prefix = folder.endsWith("/") ? folder : `${folder}/`;
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  // The folder's own files by name (not those in folders under it).
  const sizes = new Map(
    (listed.Contents ?? [])
      .map((o) => [(o.Key ?? "").slice(prefix.length), o.Size ?? 0] as const)
      .filter(([name]) => name !== "" && !name.includes("/")),
  );
  const found: ImportFolder = {
    name: folder,
    source: `s3://${bucket}/${prefix}`,
    sources: { files: new Map() },
    tooLarge: [],
  };
  const read = async (file: string): Promise<Buffer | undefined> => {
    const size = sizes.get(file) ?? 0;
    if (size > maxBytes) {
      found.tooLarge.push({ file, bytes: size });
      return undefined;
    }
    const object = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${file}` }),
    );
    return Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
  };
  let profile: SourceFile | undefined;
  if (sizes.has(PROFILE_FILE)) {
    const content = await read(PROFILE_FILE);
    if (content) profile = { name: PROFILE_FILE, content };
  }
  if (profile) found.sources = { files: new Map(), profile };
  const files = new Map<string, Buffer>();
  for (const file of filesToRead(profile?.content, [...sizes.keys()])) {
    const content = await read(file);
    if (content) files.set(file, content);
  }
  found.sources = { ...found.sources, files };
  return found;
}

/**
 * An S3 event's object key is URL-encoded, with '+' for a space: `imports/June 2024/READY`
 * arrives as `imports/June+2024/READY`.
 */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, " "));
}
