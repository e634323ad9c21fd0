import { closeSync, openSync, readFileSync, readSync, writeSync } from "node:fs";

/**
 * `delete process.env.X` does not change `/proc/<pid>/environ`: Linux shows there the block of
 * memory the process started with, and any process of the same user may read it (Yama's ptrace
 * scope guards `/proc/<pid>/mem`, not `environ`). This overwrites the values in that block.
 */

const EQUALS = 0x3d;
const STAR = 0x2a;

/** The names set in the start-up environment (Linux; empty elsewhere). */
export function startupNames(): string[] {
  try {
    return readFileSync("/proc/self/environ", "latin1")
      .split("\0")
      .filter((entry) => entry.includes("="))
      .map((entry) => entry.slice(0, entry.indexOf("=")));
  } catch {
    return [];
  }
}

/** env_start and env_end, fields 50 and 51 of /proc/self/stat (counted after the command name). */
function environBounds(): { start: number; end: number } {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { start: Number(fields[47]), end: Number(fields[48]) };
}

/**
 * Overwrites the values of `names` in the start-up environment block with `*`, for the names no
 * longer in `process.env`: nothing points at those bytes any more, so nothing else changes.
 * Best effort: returns the names whose values are still readable there.
 */
export function wipeStartupEnviron(names: readonly string[]): string[] {
  const present = startupNames().filter(
    (name) => names.includes(name) && process.env[name] === undefined,
  );
  if (present.length === 0) return [];
  let fd: number | undefined;
  try {
    const { start, end } = environBounds();
    const block = Buffer.alloc(end - start);
    fd = openSync("/proc/self/mem", "r+");
    readSync(fd, block, 0, block.length, start);
    for (let entry = 0; entry < block.length;) {
      const next = block.indexOf(0, entry);
      const stop = next === -1 ? block.length : next;
      const equals = block.indexOf(EQUALS, entry);
      if (
        equals !== -1 &&
        equals < stop &&
        present.includes(block.toString("latin1", entry, equals))
      ) {
        block.fill(STAR, equals + 1, stop);
        writeSync(fd, block, equals + 1, stop - equals - 1, start + equals + 1);
      }
      entry = stop + 1;
    }
    return [];
  } catch {
    return present;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
