import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * Who holds something in the journal (a run, a report claim, a cycle slot): an owner id
 * `host:pid:startedAt` naming one process on one machine. Recovery touches only what a
 * process that is gone left behind.
 */
export type IsOwnerAlive = (ownerId: string | null) => boolean;

/** When this process started, fixed for its life: the pid alone repeats (pid 1 in a container). */
const PROCESS_STARTED_AT = new Date(Date.now() - process.uptime() * 1000).toISOString();

/** This process's owner id. */
export const processOwnerId = (): string =>
  `${hostname()}:${String(process.pid)}:${PROCESS_STARTED_AT}`;

/** The host and pid an owner id names, or null for ids of another shape (never touched). */
export function parseOwnerId(ownerId: string): { host: string; pid: number } | null {
  const match = /^([^:]+):(\d+)(?::.*)?$/.exec(ownerId);
  if (!match?.[1] || !match[2]) return null;
  return { host: match[1], pid: Number(match[2]) };
}

/** A process that has exited but was not reaped yet (its parent died too): not running. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state === "Z" || state === "X";
  } catch {
    return false;
  }
}

/** Whether a pid names a running process (EPERM: running, someone else's; zombies are not). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/**
 * The liveness check used unless the caller passes its own (a data-directory lock that knows
 * its holder). An owner is taken as gone only when that is certain from here: no owner recorded
 * (written before owners were), or an id of this host whose process is not running, or whose
 * pid this process now holds under another start time. Ids of other hosts, and ids this code
 * cannot read, count as alive: what they hold is left alone.
 */
export function ownerAliveCheck(
  self: string,
  probe: { host: string; pid: number; alive: (pid: number) => boolean } = {
    host: hostname(),
    pid: process.pid,
    alive: pidAlive,
  },
): IsOwnerAlive {
  return (ownerId) => {
    if (ownerId === null) return false;
    if (ownerId === self) return true;
    const owner = parseOwnerId(ownerId);
    if (!owner || owner.host !== probe.host) return true;
    if (owner.pid === probe.pid) return false;
    return probe.alive(owner.pid);
  };
}
