import { z } from "zod";
import type { Task } from "../queue/task.js";
import type { RunOutcome } from "../run/outcome.js";
import { ProcessGroupSchema, type ProcessGroup } from "../runner/process-group.js";
import { parseJson, RunOutcomeSchema, TaskSchema } from "./rows.js";
import { RunStateSchema, type RunState } from "./run-state.js";
import type { Row } from "./sqlite.js";

/** One run as the journal holds it. */
export interface JournalRun {
  id: string;
  sessionId: string;
  repo: string;
  issue: number;
  /** 1 for the first attempt at the issue in its session, 2 for the next, … */
  attempt: number;
  state: RunState;
  estimatedCost: number;
  startedAt: string;
  updatedAt: string;
  prNumber: number | null;
  /** The process that ran it; null for runs written before owners were recorded. */
  ownerId: string | null;
  /** The task as planned (null only for runs of old journals whose task did not parse). */
  task: Task | null;
  branch: string | null;
  /** What the run came to, once it settled. */
  outcome: RunOutcome | null;
  /** Labels and the issue comment are written. */
  collected: boolean;
  /** The process group of its agent or gate, while one runs. */
  processGroup: ProcessGroup | null;
  /** When its agent started (and its spend was recorded); null when it never did. */
  agentStartedAt: string | null;
}

const RunRowSchema = z.object({
  id: z.string(),
  session_id: z.string(),
  repo: z.string(),
  issue: z.number().int(),
  attempt: z.number().int().positive(),
  state: RunStateSchema,
  estimated_cost: z.number(),
  started_at: z.string(),
  updated_at: z.string(),
  pr_number: z.number().int().nullable(),
  owner_id: z.string().nullable(),
  task_json: z.string().nullable(),
  branch: z.string().nullable(),
  outcome_json: z.string().nullable(),
  collected: z.number().int(),
  agent_json: z.string().nullable(),
  agent_started_at: z.string().nullable(),
});

export function runFromRow(raw: Row): JournalRun {
  const row = RunRowSchema.parse(raw);
  const what = (fact: string) => `${fact} of run ${row.id}`;
  return {
    id: row.id,
    sessionId: row.session_id,
    repo: row.repo,
    issue: row.issue,
    attempt: row.attempt,
    state: row.state,
    estimatedCost: row.estimated_cost,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    prNumber: row.pr_number,
    ownerId: row.owner_id,
    task: parseJson(TaskSchema, row.task_json, what("task")),
    branch: row.branch,
    outcome: parseJson(RunOutcomeSchema, row.outcome_json, what("outcome")),
    collected: row.collected === 1,
    processGroup: parseJson(ProcessGroupSchema, row.agent_json, what("process group")),
    agentStartedAt: row.agent_started_at,
  };
}
