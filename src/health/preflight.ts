import { statfs } from "node:fs/promises";
import { freemem } from "node:os";

export interface HostReadings {
  diskUsedPercent: number;
  freeMemoryMb: number;
}

export interface HealthLimits {
  maxDiskPercent: number;
  minFreeMemoryMb: number;
}

export const DEFAULT_HEALTH_LIMITS: HealthLimits = { maxDiskPercent: 80, minFreeMemoryMb: 512 };

/** Reads disk use of the volume holding `dir`, and free memory. */
export async function readHost(dir: string): Promise<HostReadings> {
  const fs = await statfs(dir);
  const used = fs.blocks - fs.bfree;
  // Like df: used ÷ (used + available to unprivileged users).
  const diskUsedPercent = (used / (used + fs.bavail)) * 100;
  return { diskUsedPercent, freeMemoryMb: freemem() / 1024 / 1024 };
}

/** Host problems that mean no new run may start this cycle. */
export function hostProblems(readings: HostReadings, limits: HealthLimits): string[] {
  const problems: string[] = [];
  if (readings.diskUsedPercent > limits.maxDiskPercent) {
    problems.push(
      `runner disk ${readings.diskUsedPercent.toFixed(0)}% full (limit ${limits.maxDiskPercent}%)`,
    );
  }
  if (readings.freeMemoryMb < limits.minFreeMemoryMb) {
    problems.push(
      `only ${readings.freeMemoryMb.toFixed(0)} MB memory free (floor ${limits.minFreeMemoryMb} MB)`,
    );
  }
  return problems;
}
