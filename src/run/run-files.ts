import { createHash } from "node:crypto";

const JOURNAL_ID = /:([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)#(\d+)(?:\/(\d+))?$/;

/**
 * The stem of a run's file names (log, prompt, gate logs) in its session's log directory,
 * from the journal's run id, so every attempt keeps its own files: `acme.calc.12` for the first
 * attempt at acme/calc#12, `acme.calc.12.attempt-2` for the second. Owners have no dots and
 * the issue is all digits, so no two runs share a stem. An id of another shape is cleaned and
 * given a hash.
 */
export function runFileStem(runId: string): string {
  const match = JOURNAL_ID.exec(runId);
  if (match?.[1] && match[2] && match[3]) {
    const attempt = match[4] && match[4] !== "1" ? `.attempt-${match[4]}` : "";
    return `${match[1]}.${match[2]}.${match[3]}${attempt}`;
  }
  const hash = createHash("sha256").update(runId).digest("hex").slice(0, 8);
  const cleaned = runId.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "");
  return `${cleaned.slice(0, 80)}-${hash}`;
}
