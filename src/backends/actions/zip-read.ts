import { crc32, inflateRawSync } from "node:zlib";

/**
 * A minimal zip reader for artifacts, which are untrusted: every offset and size is checked
 * against the buffer, sizes are capped before anything is inflated (a zip bomb stops at the
 * cap), the CRC is verified, and encryption, zip64 and split archives are refused. Error
 * messages never quote the archive (its names are the job's words, not ours).
 */

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipError";
  }
}

export interface ZipListing {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

const END_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_COMMENT = 0xffff;

function readU16(buffer: Buffer, at: number): number {
  if (at + 2 > buffer.length) throw new ZipError("truncated archive");
  return buffer.readUInt16LE(at);
}

function readU32(buffer: Buffer, at: number): number {
  if (at + 4 > buffer.length) throw new ZipError("truncated archive");
  return buffer.readUInt32LE(at);
}

function findEnd(zip: Buffer): number {
  const earliest = Math.max(0, zip.length - 22 - MAX_COMMENT);
  for (let at = zip.length - 22; at >= earliest; at--) {
    if (zip.readUInt32LE(at) === END_SIGNATURE) return at;
  }
  throw new ZipError("not a zip archive");
}

/** The archive's entries, from its central directory. */
export function listZip(zip: Buffer): ZipListing[] {
  if (zip.length < 22) throw new ZipError("not a zip archive");
  const end = findEnd(zip);
  const count = readU16(zip, end + 10);
  const directoryOffset = readU32(zip, end + 16);
  if (readU16(zip, end + 4) !== 0 || readU16(zip, end + 6) !== 0 || count === 0xffff) {
    throw new ZipError("split and zip64 archives are not supported");
  }
  const entries: ZipListing[] = [];
  let at = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (readU32(zip, at) !== CENTRAL_SIGNATURE) throw new ZipError("bad central directory");
    const nameLength = readU16(zip, at + 28);
    const skip = nameLength + readU16(zip, at + 30) + readU16(zip, at + 32);
    if (at + 46 + nameLength > zip.length) throw new ZipError("truncated archive");
    entries.push({
      flags: readU16(zip, at + 8),
      method: readU16(zip, at + 10),
      crc: readU32(zip, at + 16),
      compressedSize: readU32(zip, at + 20),
      size: readU32(zip, at + 24),
      offset: readU32(zip, at + 42),
      name: zip.subarray(at + 46, at + 46 + nameLength).toString("utf8"),
    });
    at += 46 + skip;
  }
  return entries;
}

/** One entry's bytes; throws when it is bigger than `maxBytes` or does not check out. */
export function extractZipEntry(zip: Buffer, entry: ZipListing, maxBytes: number): Buffer {
  if ((entry.flags & 0x1) !== 0) throw new ZipError("an entry is encrypted");
  if (entry.size > maxBytes) throw new ZipError(`an entry is larger than ${maxBytes} bytes`);
  if (readU32(zip, entry.offset) !== LOCAL_SIGNATURE) throw new ZipError("bad local header");
  const start =
    entry.offset + 30 + readU16(zip, entry.offset + 26) + readU16(zip, entry.offset + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new ZipError("truncated archive");
  const body = zip.subarray(start, end);
  let data: Buffer;
  if (entry.method === 0) {
    data = Buffer.from(body);
  } else if (entry.method === 8) {
    try {
      // One byte more than declared: an entry that inflates past its size is caught below.
      data = inflateRawSync(body, { maxOutputLength: entry.size + 1 });
    } catch (error) {
      throw new ZipError(
        error instanceof RangeError
          ? "an entry inflates past its size"
          : "an entry does not inflate",
      );
    }
  } else {
    throw new ZipError("an entry uses an unsupported compression method");
  }
  if (data.length !== entry.size) throw new ZipError("an entry is not the size it declares");
  if (crc32(data) !== entry.crc) throw new ZipError("an entry fails its checksum");
  return data;
}
