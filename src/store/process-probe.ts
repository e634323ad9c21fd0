import { readFileSync } from "node:fs";
import type { ProcessProbe } from "./lock-owner.js";

/** Linux exposes clock ticks in USER_HZ, which is 100 on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

function bootTimeMs(): number | null {
  const line = readFileSync("/proc/stat", "utf8")
    .split("\n")
    .find((l) => l.startsWith("btime "));
  return line ? Number(line.slice(6)) * 1000 : null;
}

/** When `pid` started, from `/proc/<pid>/stat` (field 22, after the parenthesised name). */
function linuxStartedAt(pid: number): Date | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    const boot = bootTimeMs();
    if (!Number.isFinite(ticks) || boot === null) return null;
    return new Date(boot + (ticks / TICKS_PER_SECOND) * 1000);
  } catch {
    return null;
  }
}

/** The processes of this machine, as `kill -0` and `/proc` see them. */
export const systemProbe: ProcessProbe = {
  alive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists, under another user.
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  },
  startedAt: linuxStartedAt,
};
