import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { CSV_FILE_NAMES, type CsvFileKind } from "../../import/csv-files";

/** The contract files present in one folder of the import bucket (the file itself is kept). */
export async function readImportFolder(
  client: S3Client,
  bucket: string,
  folder: string,
): Promise<Partial<Record<CsvFileKind, Buffer>>> {
  const prefix = folder.endsWith("/") ? folder : `${folder}/`;
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const keys = new Set((listed.Contents ?? []).map((o) => o.Key));
  const contents: Partial<Record<CsvFileKind, Buffer>> = {};
  for (const [kind, file] of Object.entries(CSV_FILE_NAMES) as [CsvFileKind, string][]) {
    const key = `${prefix}${file}`;
    if (!keys.has(key)) continue;
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    contents[kind] = Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
  }
  return contents;
}
