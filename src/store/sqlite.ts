import { mkdirSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
import sqlite from "node-sqlite3-wasm";

export type Database = InstanceType<typeof sqlite.Database>;
export type Row = Record<string, number | bigint | string | Uint8Array | null>;

/**
 * node-sqlite3-wasm locks a database file by creating `<file>.lock` as a directory. A process
 * killed inside a transaction leaves that directory behind; our transactions last milliseconds,
 * so a lock older than this is stale and is removed.
 */
export const STALE_LOCK_MS = 10_000;

const isBusy = (error: unknown): boolean =>
  error instanceof Error && /database is locked|SQLITE_BUSY/i.test(error.message);

/** Removes the lock directory if it is older than `STALE_LOCK_MS`; true when it did. */
function clearStaleLock(file: string, nowMs: number): boolean {
  const lock = `${file}.lock`;
  try {
    if (nowMs - statSync(lock).mtimeMs < STALE_LOCK_MS) return false;
    rmSync(lock, { recursive: true, force: true });
    return true;
  } catch {
    return false;
  }
}

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Runs `work` and retries while another connection holds the lock (a few seconds at most),
 * clearing a lock a killed process left behind.
 */
export function withBusyRetry<T>(file: string, work: () => T, timeoutMs = 5_000): T {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (clearStaleLock(file, Date.now())) continue;
      if (Date.now() - started > timeoutMs) throw error;
      sleepSync(Math.min(100, 5 * 2 ** attempt) + Math.random() * 10);
    }
  }
}

/**
 * Opens (creating if needed) the SQLite file. node-sqlite3-wasm has no shared memory, so WAL is
 * unavailable; the default rollback journal (`journal_mode=DELETE`, `synchronous=FULL`) keeps
 * every committed transaction across a crash or `kill -9`.
 */
export function openDatabase(file: string): Database {
  mkdirSync(dirname(file), { recursive: true });
  return withBusyRetry(file, () => {
    const db = new sqlite.Database(file);
    db.exec("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;");
    return db;
  });
}
