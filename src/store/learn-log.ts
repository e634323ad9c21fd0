import { z } from "zod";
import type { RunRecord } from "../learn/run-record.js";
import type { Sql } from "./sql.js";

/** One finished run as calibration keeps it, with where and when it ran. */
export interface LearnedRun {
  runId: string;
  at: Date;
  /** `owner/repo`. */
  repo: string;
  record: RunRecord;
}

const figure = z
  .number()
  .nullable()
  .transform((value) => value ?? undefined);

const RecordRow = z.object({
  run_id: z.string(),
  at: z.string(),
  repo: z.string(),
  category: z.string().nullable(),
  size: z.enum(["S", "M", "L", "XL"]).nullable(),
  agent: z.string(),
  estimated: z.number(),
  prompts: figure,
  turns: figure,
  usd: figure,
  duration_ms: z.number(),
  succeeded: z.union([z.literal(0), z.literal(1)]),
});

function fromRow(row: unknown): LearnedRun {
  const parsed = RecordRow.safeParse(row);
  if (!parsed.success) {
    throw new Error(`journal: unreadable run record: ${z.prettifyError(parsed.error)}`);
  }
  const r = parsed.data;
  const actual = {
    ...(r.prompts === undefined ? {} : { prompts: r.prompts }),
    ...(r.turns === undefined ? {} : { turns: r.turns }),
    ...(r.usd === undefined ? {} : { usd: r.usd }),
  };
  return {
    runId: r.run_id,
    at: new Date(r.at),
    repo: r.repo,
    record: {
      ...(r.category === null ? {} : { category: r.category }),
      ...(r.size === null ? {} : { size: r.size }),
      agent: r.agent,
      estimated: r.estimated,
      actual,
      durationMs: r.duration_ms,
      succeeded: r.succeeded === 1,
    },
  };
}

/**
 * What finished runs taught: one record per run (estimate against reported actuals, duration,
 * success), kept by category, size and agent for calibration, `nightshift stats` and reports.
 */
export class LearnLog {
  constructor(private readonly sql: Sql) {}

  /** Keeps a finished run's record; a run recorded again (a restart) keeps its first record. */
  record(run: LearnedRun): void {
    const { record } = run;
    this.sql.run(
      `INSERT OR IGNORE INTO run_records (run_id, at, repo, category, size, agent, estimated,
         prompts, turns, usd, duration_ms, succeeded)
       VALUES (:id, :at, :repo, :category, :size, :agent, :estimated, :prompts, :turns, :usd,
         :duration, :succeeded)`,
      {
        ":id": run.runId,
        ":at": run.at.toISOString(),
        ":repo": run.repo,
        ":category": record.category ?? null,
        ":size": record.size ?? null,
        ":agent": record.agent,
        ":estimated": record.estimated,
        ":prompts": record.actual.prompts ?? null,
        ":turns": record.actual.turns ?? null,
        ":usd": record.actual.usd ?? null,
        ":duration": Math.round(record.durationMs),
        ":succeeded": record.succeeded ? 1 : 0,
      },
    );
  }

  /** Every record since `since` (all of them without), oldest first. */
  runs(since?: Date): LearnedRun[] {
    return this.sql
      .all("SELECT * FROM run_records WHERE at >= :since ORDER BY at, run_id", {
        ":since": since ? since.toISOString() : "",
      })
      .map(fromRow);
  }

  /** The records of one session's runs (run ids start with the session's id). */
  ofSession(sessionId: string): LearnedRun[] {
    return this.sql
      .all(
        `SELECT run_records.* FROM run_records JOIN runs ON runs.id = run_records.run_id
         WHERE runs.session_id = :sid ORDER BY run_records.at, run_records.run_id`,
        { ":sid": sessionId },
      )
      .map(fromRow);
  }

  /** The calibration history: every run's record. */
  history(): RunRecord[] {
    return this.runs().map((run) => run.record);
  }
}
