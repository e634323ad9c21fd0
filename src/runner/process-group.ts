import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { z } from "zod";

/**
 * The process group a run's agent (or gate) runs in, with what tells it apart from a later
 * group that happens to get the same id: the host, the boot, and the leader's start time.
 */
export const ProcessGroupSchema = z.object({
  pgid: z.number().int().positive(),
  host: z.string(),
  /** /proc/sys/kernel/random/boot_id, where there is one. */
  bootId: z.string().optional(),
  /** The leader's start time in clock ticks after boot (/proc/<pid>/stat field 22). */
  startTicks: z.string().optional(),
});
export type ProcessGroup = z.infer<typeof ProcessGroupSchema>;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot. */
function startTicks(pid: number): string | undefined {
  const stat = read(`/proc/${String(pid)}/stat`);
  // The command name (field 2) may hold spaces and parentheses: count from the last ")".
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields?.[19];
}

const bootId = (): string | undefined => read("/proc/sys/kernel/random/boot_id")?.trim();

/** What identifies the process group `pid` leads, now and after this process is gone. */
export function describeProcessGroup(pid: number): ProcessGroup {
  const ticks = startTicks(pid);
  const boot = bootId();
  return {
    pgid: pid,
    host: hostname(),
    ...(boot ? { bootId: boot } : {}),
    ...(ticks ? { startTicks: ticks } : {}),
  };
}

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Kills the recorded process group if it is still the one recorded: same host, same boot, and
 * either its leader is the process that started then or the leader is gone and only its
 * group lives on (Linux never reuses a pid while it names a live group). True when it killed.
 * A group that cannot be told apart from a newer one with the same id is left alone.
 */
export function killRecordedGroup(group: ProcessGroup): boolean {
  if (group.host !== hostname()) return false;
  const boot = bootId();
  if (group.bootId !== undefined && boot !== undefined && group.bootId !== boot) return false;
  if (!groupExists(group.pgid)) return false;
  const leader = startTicks(group.pgid);
  if (leader !== undefined && group.startTicks !== undefined && leader !== group.startTicks) {
    return false;
  }
  try {
    process.kill(-group.pgid, "SIGKILL");
    return true;
  } catch {
    return false;
  }
}
