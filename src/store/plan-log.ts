import { z } from "zod";
import { SkipReasonSchema, type SkipReason } from "../queue/skip-reason.js";
import type { Task } from "../queue/task.js";
import { parseJson, TaskSchema } from "./rows.js";
import type { Sql } from "./sql.js";

/** One repository's part of a cycle's plan, as the report needs it later. */
export interface PlannedRepo {
  repo: string;
  /** Tasks that could run (quota aside): the dashboard's queue. */
  eligible: Task[];
  skipped: { task: Task; reason: SkipReason }[];
  /** What stopped planning the repository (a bad config). */
  problems: string[];
}

export interface RecordedSkip {
  repo: string;
  task: Task;
  reason: SkipReason;
  at: string;
}

const SkipRow = z.object({
  repo: z.string(),
  at: z.string(),
  task_json: z.string(),
  reason_json: z.string(),
});
const PlanRow = z.object({
  repo: z.string(),
  at: z.string(),
  eligible_json: z.string(),
  problems_json: z.string(),
});

const need = <T>(value: T | null, what: string): T => {
  if (value === null) throw new Error(`journal: missing ${what}`);
  return value;
};

/**
 * What each cycle planned, so a report tells the session from the journal and never from a
 * new plan: every task left out (the latest reason per issue wins) and each repository's
 * queue and problems as last planned.
 */
export class PlanLog {
  constructor(private readonly sql: Sql) {}

  record(sessionId: string, at: Date, repos: readonly PlannedRepo[]): void {
    this.sql.transaction(() => {
      for (const repo of repos) {
        this.sql.run(
          `INSERT OR REPLACE INTO repo_plans (session_id, repo, at, eligible_json, problems_json)
           VALUES (:sid, :repo, :at, :eligible, :problems)`,
          {
            ":sid": sessionId,
            ":repo": repo.repo,
            ":at": at.toISOString(),
            ":eligible": JSON.stringify(repo.eligible),
            ":problems": JSON.stringify(repo.problems),
          },
        );
        for (const skip of repo.skipped) this.recordSkip(sessionId, at, repo.repo, skip);
      }
    });
  }

  /** A task left out after planning (the host filled up, the session paused). */
  recordSkip(
    sessionId: string,
    at: Date,
    repo: string,
    skip: { task: Task; reason: SkipReason },
  ): void {
    this.sql.run(
      `INSERT OR REPLACE INTO skips (session_id, repo, issue, at, task_json, reason_json)
       VALUES (:sid, :repo, :issue, :at, :task, :reason)`,
      {
        ":sid": sessionId,
        ":repo": repo,
        ":issue": skip.task.issue.number,
        ":at": at.toISOString(),
        ":task": JSON.stringify(skip.task),
        ":reason": JSON.stringify(SkipReasonSchema.parse(skip.reason)),
      },
    );
  }

  skipsOf(sessionId: string): RecordedSkip[] {
    return this.sql
      .all("SELECT * FROM skips WHERE session_id = :sid ORDER BY repo, issue", {
        ":sid": sessionId,
      })
      .map((raw) => {
        const row = SkipRow.parse(raw);
        const what = `skip of ${row.repo} in ${sessionId}`;
        return {
          repo: row.repo,
          at: row.at,
          task: need(parseJson(TaskSchema, row.task_json, what), what),
          reason: need(parseJson(SkipReasonSchema, row.reason_json, what), what),
        };
      });
  }

  reposOf(sessionId: string): { repo: string; at: string; eligible: Task[]; problems: string[] }[] {
    return this.sql
      .all("SELECT * FROM repo_plans WHERE session_id = :sid ORDER BY repo", { ":sid": sessionId })
      .map((raw) => {
        const row = PlanRow.parse(raw);
        const what = `plan of ${row.repo} in ${sessionId}`;
        return {
          repo: row.repo,
          at: row.at,
          eligible: need(parseJson(z.array(TaskSchema), row.eligible_json, what), what),
          problems: need(parseJson(z.array(z.string()), row.problems_json, what), what),
        };
      });
  }
}
