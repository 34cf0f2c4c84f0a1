import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { CSV_FILE_NAMES, type CsvFileKind } from "../../import/csv-files";
import type { ImportFolder } from "../../import/import-outcome";

/**
 * The contract files present in one folder of the import bucket (the files are kept). A file
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
  const sizes = new Map((listed.Contents ?? []).map((o) => [o.Key, o.Size ?? 0]));
  const found: ImportFolder = {
    name: folder,
    source: `s3://${bucket}/${prefix}`,
    contents: {},
    tooLarge: [],
  };
  for (const [kind, file] of Object.entries(CSV_FILE_NAMES) as [CsvFileKind, string][]) {
    const key = `${prefix}${file}`;
    const size = sizes.get(key);
    if (size === undefined) continue;
    if (size > maxBytes) {
      found.tooLarge.push({ file, bytes: size });
      continue;
    }
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    found.contents[kind] = Buffer.from(
      (await object.Body?.transformToByteArray()) ?? new Uint8Array(),
    );
  }
  return found;
}

/**
 * An S3 event's object key is URL-encoded, with '+' for a space: `imports/June 2024/READY`
 * arrives as `imports/June+2024/READY`.
 */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, " "));
}
