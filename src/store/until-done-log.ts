import { z } from "zod";
import type { UntilDoneRun } from "../learn/until-done.js";
import type { UntilDoneStatusKind } from "../learn/until-done-target.js";
import type { Sql } from "./sql.js";

/** What the journal remembers of one until-done target between cycles. */
export interface UntilDoneMemory {
  lastStatus?: { at: Date; kind: UntilDoneStatusKind };
  /** A maintainer's `/nightshift resume`: failures before it are forgiven. */
  resumedAt?: Date;
  /** The last completion check (`doneWhen`) and its verdict. */
  check?: { at: Date; passed: boolean };
  /** The newest resume command already handled (accepted or refused). */
  commandsSeenAt?: Date;
}

/** A finished run of a target's issue, with the journal's run id. */
export interface TargetRun extends UntilDoneRun {
  runId: string;
}

const date = z
  .string()
  .nullable()
  .transform((value) => (value === null ? undefined : new Date(value)));

const MemoryRow = z.object({
  status_kind: z
    .enum(["done", "paused", "daily-cap-reached", "continue", "missing"])
    .nullable()
    .optional(),
  status_at: date.optional(),
  resumed_at: date,
  checked_at: date,
  check_passed: z.union([z.literal(0), z.literal(1)]).nullable(),
  commands_seen_at: date,
});

const RunRow = z.object({
  run_id: z.string(),
  issue: z.number().int(),
  at: z.string(),
  succeeded: z.union([z.literal(0), z.literal(1)]),
  amount: z.number().nullable(),
  usd: z.number().nullable(),
});

/** Until-done targets' memory (schema version 5), and the runs of their issues. */
export class UntilDoneLog {
  constructor(private readonly sql: Sql) {}

  memory(repo: string, target: string): UntilDoneMemory {
    const row = this.sql.all("SELECT * FROM until_done WHERE repo = :repo AND target = :target", {
      ":repo": repo,
      ":target": target,
    })[0];
    if (!row) return {};
    const r = MemoryRow.parse(row);
    return {
      ...(r.status_kind && r.status_at
        ? { lastStatus: { at: r.status_at, kind: r.status_kind } }
        : {}),
      ...(r.resumed_at ? { resumedAt: r.resumed_at } : {}),
      ...(r.checked_at && r.check_passed !== null
        ? { check: { at: r.checked_at, passed: r.check_passed === 1 } }
        : {}),
      ...(r.commands_seen_at ? { commandsSeenAt: r.commands_seen_at } : {}),
    };
  }

  private set(repo: string, target: string, column: string, value: string | number): void {
    this.sql.run(
      `INSERT INTO until_done (repo, target, ${column}) VALUES (:repo, :target, :value)
       ON CONFLICT (repo, target) DO UPDATE SET ${column} = :value`,
      { ":repo": repo, ":target": target, ":value": value },
    );
  }

  noteStatus(repo: string, target: string, kind: UntilDoneStatusKind, at: Date): void {
    this.sql.transaction(() => {
      this.set(repo, target, "status_kind", kind);
      this.set(repo, target, "status_at", at.toISOString());
    });
  }

  noteResumed(repo: string, target: string, at: Date): void {
    this.set(repo, target, "resumed_at", at.toISOString());
  }

  noteCheck(repo: string, target: string, at: Date, passed: boolean): void {
    this.sql.transaction(() => {
      this.set(repo, target, "checked_at", at.toISOString());
      this.set(repo, target, "check_passed", passed ? 1 : 0);
    });
  }

  noteCommandsSeen(repo: string, target: string, at: Date): void {
    this.set(repo, target, "commands_seen_at", at.toISOString());
  }

  /**
   * The finished runs of these issues of `repo` (their run records), oldest first, each with
   * what it spent in the quota's unit: the spend's prompts, or its dollars under `usd` (the
   * estimate when its agent reported none).
   */
  runsOf(repo: string, issues: readonly number[], unit: "prompts" | "usd"): TargetRun[] {
    if (issues.length === 0) return [];
    const wanted = new Set(issues);
    return this.sql
      .all(
        `SELECT run_records.run_id AS run_id, runs.issue AS issue, run_records.at AS at,
           run_records.succeeded AS succeeded, spend.amount AS amount, spend.usd AS usd
         FROM run_records JOIN runs ON runs.id = run_records.run_id
         LEFT JOIN spend ON spend.run_id = run_records.run_id
         WHERE run_records.repo = :repo ORDER BY run_records.at, run_records.run_id`,
        { ":repo": repo },
      )
      .map((row) => RunRow.parse(row))
      .filter((row) => wanted.has(row.issue))
      .map((row) => ({
        runId: row.run_id,
        issue: row.issue,
        endedAt: new Date(row.at),
        succeeded: row.succeeded === 1,
        cost: (unit === "usd" ? row.usd : null) ?? row.amount ?? 0,
      }));
  }
}
