import type { AccuracyRow } from "../learn/accuracy.js";
import type { QuotaUnit } from "../quota/unit.js";
import type { RunOutcome } from "../run/outcome.js";
import type { SkippedTask } from "../queue/skip-reason.js";
import type { Task } from "../queue/task.js";
import type { RepoRef } from "../types.js";

/** One repository's part of a session. */
export interface RepoNight {
  repo: RepoRef;
  runs: RunOutcome[];
  skipped: SkippedTask[];
  /** Problems that stopped planning for this repository (e.g. a bad config file). */
  problems: string[];
  /** How the night's estimates held, per category and agent (runs whose agent started). */
  /** In the session's `quota.unit`. */
  accuracy?: { rows: AccuracyRow[] };
}

export interface SessionOutcome {
  sessionId: string;
  startedAt: string;
  finishedAt: string;
  repos: RepoNight[];
  quota: {
    /** What every figure of the night is in (its costs too): the quota provider's unit. */
    unit: QuotaUnit;
    limit: number | null;
    remainingBefore: number | null;
    remainingAfter: number | null;
    spent: number;
    /** Why the quota is unknown (the provider failed); only critical work ran. */
    unknown?: string;
  };
  /** Host problems found in preflight, and whether they stopped new runs. */
  /** Problems stop new runs; warnings (e.g. data grown past its limit) only ask for attention. */
  host: { problems: string[]; blocked: boolean; fixed?: string[]; warnings?: string[] };
  /** Why the session stopped starting runs (three failures in a row), shown at the top. */
  paused?: string;
  /** Tasks that would run next, in order (the queue after this session). */
  nextUp?: Task[];
  /** Runs started but not finished when the report was written. */
  running?: { runId: string; task: Task; startedAt: string }[];
}
