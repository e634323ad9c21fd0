import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { blobHasher, type ObjectFormat } from "./blob-id.js";

/**
 * Without following a symlink at the name, and without blocking when a fifo sits there: the
 * worktree is the agent's, and what was a regular file at lstat time may not be at open time.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Opens `path` when it is a regular file; throws otherwise. */
async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  const handle = await open(path, OPEN_FLAGS);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`${path} is not a regular file`);
    return { handle, size: stats.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Reads exactly `size` bytes from the start; throws when the file ends sooner. */
async function readExactly(handle: FileHandle, path: string, size: number): Promise<Buffer> {
  const buffer = Buffer.alloc(size);
  let offset = 0;
  while (offset < size) {
    const { bytesRead } = await handle.read(buffer, offset, size - offset, offset);
    if (bytesRead === 0) throw new Error(`${path} shrank while it was read`);
    offset += bytesRead;
  }
  return buffer;
}

/** The content of the regular file at `path`; throws when it is larger than `maxBytes`. */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  const { handle, size } = await openRegularFile(path);
  try {
    if (size > maxBytes) throw new Error(`${path} is larger than ${maxBytes} bytes`);
    return await readExactly(handle, path, size);
  } finally {
    await handle.close();
  }
}

const CHUNK = 1024 * 1024;

/** The blob id of the regular file at `path`, read in chunks (a tracked file may be large). */
export async function hashRegularFile(
  path: string,
  format: ObjectFormat,
): Promise<{ oid: string; size: number }> {
  const { handle, size } = await openRegularFile(path);
  try {
    const hash = blobHasher(size, format);
    const buffer = Buffer.alloc(Math.min(CHUNK, Math.max(size, 1)));
    for (let offset = 0; offset < size;) {
      const want = Math.min(buffer.length, size - offset);
      const { bytesRead } = await handle.read(buffer, 0, want, offset);
      if (bytesRead === 0) throw new Error(`${path} shrank while it was read`);
      hash.update(buffer.subarray(0, bytesRead));
      offset += bytesRead;
    }
    return { oid: hash.digest("hex"), size };
  } finally {
    await handle.close();
  }
}
