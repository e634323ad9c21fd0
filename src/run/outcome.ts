import type { Task } from "../queue/task.js";
import type { GateResult } from "../runner/gates.js";

/** `interrupted`: the host stopped during the run and recovery found no pull request. */
export type RunStatus = "shipped" | "failed" | "no-change" | "interrupted";

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
  /** A follow-up run that pushed a commit to its open pull request (no new PR). */
  followUp?: true;
  /** Connections the egress proxy refused during the run (a sample of them, and how many). */
  egressRefused?: { count: number; sample: string[] };
}
