import { readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";

/** Who holds a data directory: what the lock file says, one JSON object. */
export interface LockOwner {
  host: string;
  pid: number;
  /** When the lock was taken (ISO). With host and pid, names this owner for good. */
  startedAt: string;
  /** What the owner is: `server` (`npm start`) or `run --now`. */
  role: string;
  /** The kernel's boot id (Linux): a lock from an earlier boot of this machine is stale. */
  bootId?: string;
  /** The pid namespace (Linux): pids mean something only inside the same one. */
  pidNamespace?: string;
}

/**
 * The owner id the journal can compare with: `host:pid:startedAt`. A run recorded under another
 * id than the current lock owner's was left by a process that no longer owns the directory.
 */
export const ownerIdOf = (owner: Pick<LockOwner, "host" | "pid" | "startedAt">): string =>
  `${owner.host}:${owner.pid}:${owner.startedAt}`;

const readOrUndefined = (read: () => string): string | undefined => {
  try {
    return read().trim() || undefined;
  } catch {
    return undefined; // not Linux, or /proc hidden
  }
};

/** This process as a lock owner. */
export function thisProcess(role: string, now: Date): LockOwner {
  const bootId = readOrUndefined(() => readFileSync("/proc/sys/kernel/random/boot_id", "utf8"));
  const pidNamespace = readOrUndefined(() => readlinkSync("/proc/self/ns/pid"));
  return {
    host: hostname(),
    pid: process.pid,
    startedAt: now.toISOString(),
    role,
    ...(bootId ? { bootId } : {}),
    ...(pidNamespace ? { pidNamespace } : {}),
  };
}

/** What the judge may ask about processes of this machine; tests pass a fake. */
export interface ProcessProbe {
  alive(pid: number): boolean;
  /** When the process with this pid started, where the system says (Linux), else null. */
  startedAt(pid: number): Date | null;
}

export type Liveness = { live: true } | { live: false; why: string };

/** A holder that gives no sign of life (its lock file untouched) this long is taken to be gone. */
export const SILENT_FOR_MS = 3 * 60_000;
/** How often a holder touches its lock file. */
export const HEARTBEAT_MS = 30_000;
/** Clock ticks and `btime` are coarse: a process may appear to start this much after its lock. */
const START_SLACK_MS = 2_000;

/**
 * Is the lock's holder still running? Where pids can be compared (same machine, same boot, same
 * pid namespace) the pid decides; elsewhere (another machine or container sharing the volume)
 * only the lock file's heartbeat can tell.
 */
export function judgeHolder(
  holder: LockOwner,
  here: LockOwner,
  lastSignOfLife: Date,
  now: Date,
  probe: ProcessProbe,
): Liveness {
  const sameHost = holder.host === here.host;
  if (sameHost && holder.bootId && here.bootId && holder.bootId !== here.bootId) {
    return { live: false, why: "its machine has restarted since" };
  }
  const comparablePids =
    sameHost &&
    holder.bootId === here.bootId &&
    holder.pidNamespace !== undefined &&
    holder.pidNamespace === here.pidNamespace;
  if (comparablePids) {
    // In one pid namespace no two live processes share a pid: this one is us, so it is gone.
    if (holder.pid === here.pid) return { live: false, why: `pid ${holder.pid} is this process` };
    if (!probe.alive(holder.pid)) return { live: false, why: `pid ${holder.pid} is not running` };
    const started = probe.startedAt(holder.pid);
    if (started && started.getTime() > Date.parse(holder.startedAt) + START_SLACK_MS) {
      return { live: false, why: `pid ${holder.pid} is now another process` };
    }
    return { live: true };
  }
  // No namespaces to compare (not Linux): the same host name means the same pid space.
  const noNamespaces = holder.pidNamespace === undefined && here.pidNamespace === undefined;
  if (sameHost && noNamespaces && !probe.alive(holder.pid)) {
    return { live: false, why: `pid ${holder.pid} is not running` };
  }
  const silentFor = now.getTime() - lastSignOfLife.getTime();
  if (silentFor > SILENT_FOR_MS) {
    return { live: false, why: `no sign of life for ${Math.round(silentFor / 60_000)} min` };
  }
  return { live: true };
}
