import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Journal } from "./journal.js";

export const FIRST_START_FILE = "first-start";

/**
 * When Nightshift first started on this data directory. The scheduler owes nothing to windows
 * that closed before it: a fresh install posts no morning report for a night it never saw.
 * Recorded once, by the lock's holder. A directory that predates the record (its journal has
 * claimed slots) counts from its first claim, so an upgrade loses no report still owed.
 */
export function firstStartOf(
  dataDir: string,
  journal: Pick<Journal, "firstClaimedAt">,
  now: Date,
): Date {
  const file = join(dataDir, FIRST_START_FILE);
  try {
    const recorded = new Date(readFileSync(file, "utf8").trim());
    if (!Number.isNaN(recorded.getTime())) return recorded;
  } catch {
    // Absent (or unreadable): recorded below.
  }
  const claimed = journal.firstClaimedAt();
  const first = claimed && claimed < now ? claimed : now;
  writeFileSync(file, `${first.toISOString()}\n`);
  return first;
}
