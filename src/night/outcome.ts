import type { GateResult } from "../runner/gates.js";
import type { Task } from "../queue/task.js";
import type { RepoRef } from "../types.js";

export type RunStatus = "shipped" | "failed" | "no-change";

/** What one run produced, as the report and the CLI need it. */
export interface RunOutcome {
  task: Task;
  status: RunStatus;
  /** Why a run failed or shipped nothing, in one line. */
  reason?: string;
  pr?: { number: number; url: string; draft: boolean };
  branch?: string;
  gates: GateResult[];
  agentSummary?: string;
  cost: { estimated: number; turns?: number; usd?: number };
  startedAt: string;
  durationMs: number;
  logFile?: string;
  /** The journal's id of this run (session, repository, issue, attempt). */
  runId?: string;
  /** Set when a crash or restart interrupted the run and recovery settled it. */
  interrupted?: string;
}

export interface SkippedTask {
  task: Task;
  reason: string;
}

/** One repository's part of a session. */
export interface RepoNight {
  repo: RepoRef;
  runs: RunOutcome[];
  skipped: SkippedTask[];
  /** Problems that stopped planning for this repository (e.g. a bad config file). */
  problems: string[];
}

export interface SessionOutcome {
  sessionId: string;
  startedAt: string;
  finishedAt: string;
  repos: RepoNight[];
  quota: {
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
  running?: { task: Task; startedAt: string }[];
}
