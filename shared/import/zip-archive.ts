import { createInflateRaw } from "node:zlib";

/**
 * The entries of a zip file (an .xlsx workbook is one), read from its central directory, and
 * each entry expanded as a stream. A zip bomb (a few kilobytes expanding to gigabytes) is
 * refused by the sizes the archive declares before anything is expanded, and an entry that
 * expands past its declared size (a lie) stops there: nothing ever expands beyond what was
 * allowed up front.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is refused. */
  method: number;
  compressedSize: number;
  /** What the archive says it expands to. */
  size: number;
  localHeaderOffset: number;
}

export class ZipError extends Error {
  override readonly name = "ZipError";
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
/** The end record is 22 bytes, followed by a comment of at most 65,535. */
const END_SEARCH = 22 + 0xffff;
const ZIP64_MARK = 0xffffffff;

/** The archive's entries by name; a file that is not a zip (or a zip64 or encrypted one) throws. */
export function zipEntries(content: Buffer): Map<string, ZipEntry> {
  let end = -1;
  for (let i = content.length - 22; i >= Math.max(0, content.length - END_SEARCH); i--) {
    if (content.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError("is not an .xlsx workbook (not a zip archive)");
  const count = content.readUInt16LE(end + 10);
  const directorySize = content.readUInt32LE(end + 12);
  const directoryOffset = content.readUInt32LE(end + 16);
  if (count === 0xffff || directoryOffset === ZIP64_MARK || directorySize === ZIP64_MARK) {
    throw new ZipError("is a zip64 archive: far larger than any export (save it again in Excel)");
  }
  if (directoryOffset + directorySize > end) throw new ZipError("is a damaged zip archive");
  const entries = new Map<string, ZipEntry>();
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || content.readUInt32LE(at) !== CENTRAL_DIRECTORY_HEADER) {
      throw new ZipError("is a damaged zip archive");
    }
    const flags = content.readUInt16LE(at + 8);
    const nameLength = content.readUInt16LE(at + 28);
    const extraLength = content.readUInt16LE(at + 30);
    const commentLength = content.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: content.toString("utf8", at + 46, at + 46 + nameLength),
      method: content.readUInt16LE(at + 10),
      compressedSize: content.readUInt32LE(at + 20),
      size: content.readUInt32LE(at + 24),
      localHeaderOffset: content.readUInt32LE(at + 42),
    };
    if (flags & 1) throw new ZipError("is encrypted: save it without a password");
    if (
      entry.size === ZIP64_MARK ||
      entry.compressedSize === ZIP64_MARK ||
      entry.localHeaderOffset === ZIP64_MARK
    ) {
      throw new ZipError("is a zip64 archive: far larger than any export (save it again in Excel)");
    }
    entries.set(entry.name, entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * One entry expanded, chunk by chunk, as text (UTF-8 decoded across chunk boundaries). It stops
 * with a `ZipError` as soon as it has expanded past its declared size.
 */
export async function* entryText(content: Buffer, entry: ZipEntry): AsyncGenerator<string> {
  const at = entry.localHeaderOffset;
  if (at + 30 > content.length || content.readUInt32LE(at) !== LOCAL_FILE_HEADER) {
    throw new ZipError("is a damaged zip archive");
  }
  const start = at + 30 + content.readUInt16LE(at + 26) + content.readUInt16LE(at + 28);
  const data = content.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new ZipError("is a damaged zip archive");
  const decoder = new TextDecoder("utf-8");
  if (entry.method === 0) {
    if (data.length !== entry.size) throw new ZipError("is a damaged zip archive");
    yield decoder.decode(data);
    return;
  }
  if (entry.method !== 8) throw new ZipError(`uses a compression zip does not define here`);
  const inflate = createInflateRaw();
  inflate.end(data);
  let expanded = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      expanded += chunk.length;
      if (expanded > entry.size) {
        throw new ZipError(
          `'${entry.name}' expands past the ${entry.size} bytes it declares: a damaged or hostile file`,
        );
      }
      yield decoder.decode(chunk, { stream: true });
    }
  } catch (error) {
    if (error instanceof ZipError) throw error;
    throw new ZipError(`is a damaged zip archive (${(error as Error).message})`);
  } finally {
    inflate.destroy();
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
