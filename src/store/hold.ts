import { systemClock, type Clock, type Logger } from "../types.js";
import { firstStartOf } from "./first-start.js";
import { Journal } from "./journal.js";
import { join } from "node:path";
import {
  acquireDataDirLock,
  LOCK_FILE,
  readHolder,
  type DataDirLock,
  type LockResult,
} from "./lock.js";
import { judgeHolder, SILENT_FOR_MS, thisProcess } from "./lock-owner.js";
import { systemProbe } from "./process-probe.js";

/** sysexits' EX_TEMPFAIL: the data directory is busy; try again once its owner has stopped. */
export const DATA_DIR_BUSY_EXIT = 75;

const ROLE_NAMES: Record<string, string> = {
  server: "the Nightshift server (npm start)",
  "run --now": "`nightshift run --now`",
};

/** Why this process may not start, and what the operator can do, for a lock held by another. */
export function busyMessage(
  dataDir: string,
  refused: Extract<LockResult, { ok: false }>,
  now: Date,
): string {
  const { holder, lastSignOfLife, file } = refused;
  const seen = Math.max(0, Math.round((now.getTime() - lastSignOfLife.getTime()) / 1000));
  return [
    `${dataDir} is in use by ${ROLE_NAMES[holder.role] ?? holder.role}: pid ${holder.pid} on ${holder.host}, ` +
      `since ${holder.startedAt} (last sign of life ${seen} s ago).`,
    "One process owns a data directory; two would recover, plan and run the same nights twice.",
    holder.role === "server"
      ? "To run a session now, stop the server first (asking the running server for a session is planned)."
      : "Wait for it to finish, or stop it.",
    `If that process is gone, its lock is taken over on the next start (from another machine or ` +
      `container: ${SILENT_FOR_MS / 60_000} minutes after its last sign of life), or remove ${file}.`,
  ].join("\n");
}

/** Who holds `dataDir` now, for `doctor` (read only: it takes nothing), or null when no one. */
export function describeLockHolder(dataDir: string, now: Date): string | null {
  const found = readHolder(join(dataDir, LOCK_FILE));
  if (!found) return null;
  if (!found.owner) return "a lock file that is not Nightshift's; the next start replaces it";
  const { owner } = found;
  const who = `${ROLE_NAMES[owner.role] ?? owner.role}, pid ${owner.pid} on ${owner.host} since ${owner.startedAt}`;
  const verdict = judgeHolder(owner, thisProcess("doctor", now), found.mtime, now, systemProbe);
  return verdict.live
    ? who
    : `a stale lock of ${who} (${verdict.why}); the next start takes it over`;
}

/** The data directory, owned by this process, and when Nightshift first started on it. */
export interface DataDirOwnership {
  lock: DataDirLock;
  /** Pass to crash recovery: runs of any other owner were left by a process that is gone. */
  ownerId: string;
  firstStart: Date;
}

/**
 * Takes the data directory for this process (`npm start`, `nightshift run --now`), or prints
 * why not and exits with `DATA_DIR_BUSY_EXIT`. Released when the process exits normally.
 */
export function holdDataDir(
  dataDir: string,
  role: string,
  logger: Pick<Logger, "info" | "warn" | "error">,
  clock: Clock = systemClock,
): DataDirOwnership {
  const result = acquireDataDirLock(dataDir, { role, clock, logger });
  if (!result.ok) {
    console.error(busyMessage(dataDir, result, clock.now()));
    process.exit(DATA_DIR_BUSY_EXIT);
  }
  const { lock } = result;
  process.once("exit", () => {
    lock.release();
  });
  const journal = Journal.open(dataDir);
  try {
    const firstStart = firstStartOf(dataDir, journal, clock.now());
    logger.info({ dataDir, owner: lock.ownerId, firstStart }, "data directory held");
    return { lock, ownerId: lock.ownerId, firstStart };
  } finally {
    journal.close();
  }
}
