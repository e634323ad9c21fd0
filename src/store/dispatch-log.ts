import { z } from "zod";
import { RepoConfigSchema, type RepoConfig } from "../config/repo-schema.js";
import type { RepoInfo } from "../github/port.js";
import type { IsOwnerAlive } from "./owner.js";
import type { Sql } from "./sql.js";

/**
 * What a dispatch was made against: the repository's facts and config as the dispatching cycle
 * read them. Collecting the run uses them rather than reading both again: the job ran that
 * config's gates under its change limits, so they are also what its result is judged by.
 */
export interface DispatchFacts {
  info: RepoInfo;
  config: RepoConfig;
}

const FactsSchema = z.object({
  info: z.object({
    owner: z.string(),
    repo: z.string(),
    defaultBranch: z.string(),
    cloneUrl: z.string(),
    archived: z.boolean(),
  }),
  config: RepoConfigSchema,
});

/** The facts of a row, or null: a row older than them, or one this version cannot read. */
function factsOf(json: string | null): DispatchFacts | null {
  if (json === null) return null;
  try {
    const parsed = FactsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A run on GitHub Actions, as the journal holds it: the journal's run (`runId`, whose row keeps
 * the task, state and outcome) and what the dispatch added. Written in two steps, each before
 * the next thing that could crash: `begin` before the dispatch (a row without `actionsRunId`
 * means "may have been dispatched": recovery looks for the run by its title before sending
 * another), `record` the moment GitHub names the run.
 */
export interface Dispatch {
  runId: string;
  /** The run's title (`run-name`), how a run lost by a crash is found again. */
  taskId: string;
  repo: string;
  workflow: string;
  /** When it was first dispatched (less a margin): older runs are not its runs. */
  since: string;
  /** Past this, the reconciler cancels the run. */
  deadline: string;
  maxArtifactBytes: number;
  /** GitHub's id of the workflow run; null until recorded. */
  actionsRunId: number | null;
  /** The commit it was dispatched on; null until recorded. */
  base: string | null;
  /** Someone is collecting it (the webhook or the reconciler); null when nobody is. */
  claimedBy: string | null;
  /** What it was dispatched against; null for rows written before version 5 kept them. */
  facts: DispatchFacts | null;
  /** When a `/skip` or `/hold` asked to cancel it; the run is cancelled once it has an id. */
  cancelRequestedAt: string | null;
  /**
   * Why the dispatch request failed in its process (a 5xx, the network): GitHub may or may not
   * have made the run. The next reconcile pass looks for it by title, or settles the row.
   */
  dispatchError: string | null;
}

const DispatchRow = z.object({
  run_id: z.string(),
  task_id: z.string(),
  repo: z.string(),
  workflow: z.string(),
  since: z.string(),
  deadline: z.string(),
  max_artifact_bytes: z.number().int().positive(),
  actions_run_id: z.number().int().nullable(),
  base: z.string().nullable(),
  claimed_by: z.string().nullable(),
  facts_json: z.string().nullable(),
  cancel_requested_at: z.string().nullable(),
  dispatch_error: z.string().nullable(),
});

const toDispatch = (raw: unknown): Dispatch => {
  const row = DispatchRow.parse(raw);
  return {
    runId: row.run_id,
    taskId: row.task_id,
    repo: row.repo,
    workflow: row.workflow,
    since: row.since,
    deadline: row.deadline,
    maxArtifactBytes: row.max_artifact_bytes,
    actionsRunId: row.actions_run_id,
    base: row.base,
    claimedBy: row.claimed_by,
    facts: factsOf(row.facts_json),
    cancelRequestedAt: row.cancel_requested_at,
    dispatchError: row.dispatch_error,
  };
};

export type NewDispatch = Pick<
  Dispatch,
  "runId" | "taskId" | "repo" | "workflow" | "since" | "deadline" | "maxArtifactBytes"
> & { facts?: DispatchFacts };

/** Dispatches whose journal run has not settled. */
const IN_FLIGHT = `SELECT dispatches.* FROM dispatches JOIN runs ON runs.id = dispatches.run_id
  WHERE runs.state NOT IN ('done', 'failed', 'interrupted')`;

/** The journal's record of runs on GitHub Actions (schema versions 4 and 5). */
export class DispatchLog {
  constructor(private readonly sql: Sql) {}

  /** About to dispatch: a restart after this looks for the run before dispatching again. */
  begin(dispatch: NewDispatch): void {
    this.sql.run(
      `INSERT OR IGNORE INTO dispatches (run_id, task_id, repo, workflow, since, deadline,
         max_artifact_bytes, facts_json)
       VALUES (:id, :task, :repo, :workflow, :since, :deadline, :max, :facts)`,
      {
        ":id": dispatch.runId,
        ":task": dispatch.taskId,
        ":repo": dispatch.repo,
        ":workflow": dispatch.workflow,
        ":since": dispatch.since,
        ":deadline": dispatch.deadline,
        ":max": dispatch.maxArtifactBytes,
        ":facts": dispatch.facts === undefined ? null : JSON.stringify(dispatch.facts),
      },
    );
  }

  /** GitHub named the run: from now on it is in flight, collected by webhook or reconciler. */
  record(runId: string, actionsRunId: number, base: string): void {
    this.sql.run("UPDATE dispatches SET actions_run_id = :a, base = :b WHERE run_id = :id", {
      ":id": runId,
      ":a": actionsRunId,
      ":b": base,
    });
  }

  /**
   * A `/skip` or `/hold` asked to cancel the run: kept on the row, so whoever learns its id (the
   * dispatch's answer, or the reconciler finding it by title) cancels it. The first ask stays.
   */
  requestCancel(runId: string, at: Date): void {
    this.sql.run(
      `UPDATE dispatches SET cancel_requested_at = COALESCE(cancel_requested_at, :at)
       WHERE run_id = :id`,
      { ":id": runId, ":at": at.toISOString() },
    );
  }

  /** The dispatch request failed before GitHub named a run: the reconciler resolves it next. */
  noteDispatchError(runId: string, reason: string): void {
    this.sql.run(
      "UPDATE dispatches SET dispatch_error = :e WHERE run_id = :id AND actions_run_id IS NULL",
      { ":id": runId, ":e": reason },
    );
  }

  get(runId: string): Dispatch | null {
    const row = this.sql.all("SELECT * FROM dispatches WHERE run_id = :id", { ":id": runId })[0];
    return row ? toDispatch(row) : null;
  }

  /** The dispatch of a workflow run, if the journal holds one (other workflows' runs: none). */
  byActionsRun(repo: string, actionsRunId: number): Dispatch | null {
    const row = this.sql.all(
      "SELECT * FROM dispatches WHERE repo = :repo AND actions_run_id = :a",
      { ":repo": repo, ":a": actionsRunId },
    )[0];
    return row ? toDispatch(row) : null;
  }

  /** Every dispatch whose run is still open, recorded or not, oldest first. */
  inFlight(): Dispatch[] {
    return this.sql
      .all(`${IN_FLIGHT} ORDER BY dispatches.since, dispatches.run_id`)
      .map(toDispatch);
  }

  /**
   * Claims a recorded run for collecting. True for exactly one caller at a time: a duplicate
   * delivery, or a webhook racing the reconciler, gets false. A claim whose owner is gone (it
   * crashed while collecting) is taken over.
   */
  claim(runId: string, owner: string, at: Date, isOwnerAlive: IsOwnerAlive): boolean {
    return this.sql.transaction(() => {
      const held = this.sql.all(
        `${IN_FLIGHT} AND dispatches.run_id = :id AND dispatches.actions_run_id IS NOT NULL`,
        { ":id": runId },
      )[0];
      if (!held) return false;
      const { claimedBy } = toDispatch(held);
      if (claimedBy !== null && isOwnerAlive(claimedBy)) return false;
      this.sql.run("UPDATE dispatches SET claimed_by = :o, claimed_at = :at WHERE run_id = :id", {
        ":id": runId,
        ":o": owner,
        ":at": at.toISOString(),
      });
      return true;
    });
  }

  /** The run was not over after all: the next webhook or reconcile may claim it again. */
  release(runId: string): void {
    this.sql.run("UPDATE dispatches SET claimed_by = NULL, claimed_at = NULL WHERE run_id = :id", {
      ":id": runId,
    });
  }
}
