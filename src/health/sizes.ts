import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/** What Nightshift keeps in its data directory, in bytes. */
export interface DataSizes {
  logs: number;
  workspaces: number;
  journal: number;
}

export type SizeLimits = DataSizes;

/** Beyond these the morning report asks for attention; nothing stops for them. */
export const DEFAULT_SIZE_LIMITS: SizeLimits = {
  logs: 2 * 1024 ** 3,
  workspaces: 50 * 1024 ** 3,
  journal: 1024 ** 3,
};

/** Bytes under `path`, links not followed; a missing path is 0. */
async function bytesUnder(path: string): Promise<number> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  const names = await readdir(path).catch(() => []);
  let total = 0;
  for (const name of names) total += await bytesUnder(join(path, name));
  return total;
}

/** Sizes of the logs, the workspaces (mirrors and worktrees) and the journal. */
export async function readDataSizes(dataDir: string): Promise<DataSizes> {
  const [logs, mirrors, worktrees, journal] = await Promise.all([
    bytesUnder(join(dataDir, "logs")),
    bytesUnder(join(dataDir, "mirrors")),
    bytesUnder(join(dataDir, "worktrees")),
    bytesUnder(join(dataDir, "journal.sqlite")),
  ]);
  return { logs, workspaces: mirrors + worktrees, journal };
}

const gb = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GB`;

/** What has grown past its limit, phrased for the report. */
export function sizeWarnings(sizes: DataSizes, limits: SizeLimits): string[] {
  const names: Record<keyof DataSizes, string> = {
    logs: "logs",
    workspaces: "mirrors and worktrees",
    journal: "the journal",
  };
  return (Object.keys(names) as (keyof DataSizes)[])
    .filter((key) => sizes[key] > limits[key])
    .map((key) => `${names[key]} use ${gb(sizes[key])} (over ${gb(limits[key])})`);
}
