import {
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { Clock, Logger } from "../types.js";
import {
  HEARTBEAT_MS,
  judgeHolder,
  ownerIdOf,
  thisProcess,
  type LockOwner,
  type ProcessProbe,
} from "./lock-owner.js";
import { systemProbe } from "./process-probe.js";

export const LOCK_FILE = "nightshift.lock";

/** The data directory, held by this process until `release()`. */
export interface DataDirLock {
  owner: LockOwner;
  /** `host:pid:startedAt`: what crash recovery compares a run's owner with. */
  ownerId: string;
  file: string;
  release(): void;
}

export type LockResult =
  | { ok: true; lock: DataDirLock }
  | { ok: false; holder: LockOwner; lastSignOfLife: Date; file: string };

export interface LockOptions {
  /** `server` or `run --now`: named to whoever finds the lock taken. */
  role: string;
  clock: Clock;
  logger: Pick<Logger, "info" | "warn" | "error">;
  probe?: ProcessProbe;
  /** This process as an owner; tests pass another host or pid. */
  self?: LockOwner;
}

const isCode = (error: unknown, code: string): boolean =>
  (error as NodeJS.ErrnoException | null)?.code === code;

/** The lock file's holder (null when unreadable as one), with its last sign of life. */
export function readHolder(
  file: string,
): { text: string; owner: LockOwner | null; mtime: Date } | null {
  try {
    const text = readFileSync(file, "utf8");
    const mtime = statSync(file).mtime;
    let owner: LockOwner | null = null;
    try {
      const parsed = JSON.parse(text) as Partial<LockOwner>;
      if (typeof parsed.host === "string" && typeof parsed.pid === "number") {
        owner = { role: "unknown", startedAt: mtime.toISOString(), ...parsed } as LockOwner;
      }
    } catch {
      // Not ours, or damaged: judged stale below.
    }
    return { text, owner, mtime };
  } catch (error) {
    if (isCode(error, "ENOENT")) return null;
    throw error;
  }
}

/** Creates `file` with `text` only if it does not exist, whole or not at all (link is atomic). */
function createExclusive(file: string, text: string): boolean {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, text, { mode: 0o644 });
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if (isCode(error, "EEXIST")) return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Moves a stale lock aside, only if it is still the one judged stale: when another process
 * replaced it in between, its fresh lock is put back.
 */
function removeStale(file: string, judgedText: string): void {
  const aside = `${file}.stale.${process.pid}.${Date.now()}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if (isCode(error, "ENOENT")) return;
    throw error;
  }
  if (readFileSync(aside, "utf8") !== judgedText) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone else holds it now; the next attempt reads who.
    }
  }
  unlinkSync(aside);
}

/**
 * Takes the data directory's lock: one process per data directory (PRODUCT.md §10). A lock whose
 * holder is gone (see `judgeHolder`) is taken over with a log line; a live holder is returned.
 */
export function acquireDataDirLock(dataDir: string, options: LockOptions): LockResult {
  const { clock, logger } = options;
  const probe = options.probe ?? systemProbe;
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const owner = options.self ?? thisProcess(options.role, clock.now());
  const text = `${JSON.stringify(owner)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, text)) return { ok: true, lock: holding(file, owner, text, logger) };
    const found = readHolder(file);
    if (!found) continue;
    const verdict = found.owner
      ? judgeHolder(found.owner, owner, found.mtime, clock.now(), probe)
      : { live: false as const, why: "the lock file is not Nightshift's JSON" };
    if (verdict.live && found.owner) {
      return { ok: false, holder: found.owner, lastSignOfLife: found.mtime, file };
    }
    if (!verdict.live) {
      logger.warn(
        { file, previous: found.owner ? ownerIdOf(found.owner) : found.text.slice(0, 200) },
        `taking over a stale data directory lock: ${verdict.why}`,
      );
    }
    removeStale(file, found.text);
  }
  throw new Error(`could not take ${file}: other processes keep replacing it`);
}

/** The lock once held: a heartbeat (the file's mtime) and a release that removes only our lock. */
function holding(
  file: string,
  owner: LockOwner,
  text: string,
  logger: Pick<Logger, "error">,
): DataDirLock {
  const stillOurs = (): boolean => {
    try {
      return readFileSync(file, "utf8") === text;
    } catch {
      return false;
    }
  };
  const heartbeat = setInterval(() => {
    if (!stillOurs()) {
      clearInterval(heartbeat);
      logger.error({ file }, "this process no longer holds its data directory lock");
      return;
    }
    const now = new Date();
    utimesSync(file, now, now);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let released = false;
  return {
    owner,
    ownerId: ownerIdOf(owner),
    file,
    release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      if (stillOurs()) unlinkSync(file);
    },
  };
}
