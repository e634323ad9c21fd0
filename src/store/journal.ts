import { join } from "node:path";
import type { Task } from "../queue/task.js";
import type { RunOutcome } from "../run/outcome.js";
import { DispatchLog } from "./dispatch-log.js";
import { ownerAliveCheck, type IsOwnerAlive } from "./owner.js";
import { LearnLog } from "./learn-log.js";
import { PlanLog } from "./plan-log.js";
import { PostLog } from "./post-log.js";
import { UntilDoneLog } from "./until-done-log.js";
import { RepeatLog } from "./repeat-log.js";
import { migrate } from "./schema.js";
import { sessionFromRow, type JournalSession } from "./session-row.js";
import { runFromRow, type JournalRun } from "./run-row.js";
import { canAdvance, isFinal, type RunState } from "./run-state.js";
import type { ProcessGroup } from "../runner/process-group.js";
import { HostFindingsSchema, QuotaSnapshotSchema, type HostFindings } from "./rows.js";
import type { Sql, SqlValues } from "./sql.js";
import { openDatabase, withBusyRetry, type Database, type Row } from "./sqlite.js";
import { z } from "zod";
import type { QuotaUnit } from "../quota/unit.js";
import type { UsdLedger, UsdSpend } from "../quota/usd.js";

export type { JournalRun } from "./run-row.js";
export type { JournalSession } from "./session-row.js";
export type { Dispatch } from "./dispatch-log.js";

/**
 * The stable id of one attempt at one task in one session: a restart finds the same row. The
 * first attempt is `<session>:<owner>/<repo>#<issue>`, later ones add `/<attempt>`. The run's
 * log, prompt, gate logs and worktree are named after it (run/run-files.ts).
 */
export const runId = (sessionId: string, repo: string, issue: number, attempt = 1): string =>
  `${sessionId}:${repo}#${String(issue)}${attempt > 1 ? `/${String(attempt)}` : ""}`;

export interface NewRun {
  id: string;
  sessionId: string;
  repo: string;
  issue: number;
  attempt: number;
  estimatedCost: number;
  /** The process doing the run (owner.ts); recovery leaves runs of live owners alone. */
  ownerId: string | null;
  task: Task;
  branch: string;
}

type QuotaSnapshot = z.infer<typeof QuotaSnapshotSchema>;

const UsdSpendRow = z.object({
  run_id: z.string(),
  at: z.string(),
  amount: z.number(),
  usd: z.number().nullable(),
});

/**
 * The durable journal: sessions, cycle slots, runs, spend, plans, posted comments and webhook
 * deliveries in one SQLite file under the data directory, at a versioned schema (schema.ts).
 * Every method is one short transaction; every row is parsed by its schema when read.
 */
export class Journal implements UsdLedger {
  /** What each cycle planned: skipped tasks and each repository's queue and problems. */
  readonly plans: PlanLog;
  /** Claims on the comments a session posts (previews, progress, morning reports). */
  readonly posts: PostLog;
  /** What finished runs taught calibration (estimate against actual, per category and agent). */
  readonly learned: LearnLog;
  /** Runs on GitHub Actions: dispatched, recorded, claimed for collecting. */
  readonly dispatches: DispatchLog;
  /** Until-done targets: last status, resume, completion check; the runs of their issues. */
  readonly untilDone: UntilDoneLog;
  /** Repeat suggestions the dashboards offered, and those an approver adopted. */
  readonly repeats: RepeatLog;

  private constructor(
    private readonly db: Database,
    readonly file: string,
  ) {
    const sql: Sql = {
      run: (text, values) => this.run(text, values),
      all: (text, values) => this.all(text, values),
      transaction: (work) => this.transaction(work),
    };
    this.plans = new PlanLog(sql);
    this.posts = new PostLog(sql);
    this.learned = new LearnLog(sql);
    this.dispatches = new DispatchLog(sql);
    this.untilDone = new UntilDoneLog(sql);
    this.repeats = new RepeatLog(sql);
  }

  static open(dataDir: string): Journal {
    const file = join(dataDir, "journal.sqlite");
    const db = openDatabase(file);
    withBusyRetry(file, () => migrate(db));
    return new Journal(db, file);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private run(sql: string, values?: SqlValues): number {
    return withBusyRetry(this.file, () => this.db.run(sql, values).changes);
  }

  private all(sql: string, values?: SqlValues): Row[] {
    return withBusyRetry(this.file, () => this.db.all(sql, values) as Row[]);
  }

  private transaction<T>(work: () => T): T {
    return withBusyRetry(this.file, () => {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const result = work();
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw error;
      }
    });
  }

  // Sessions

  /** Records the session (once) and who works on it now. */
  startSession(
    id: string,
    windowKey: string | null,
    at: Date,
    ownerId: string | null = null,
  ): void {
    this.transaction(() => {
      this.run(
        "INSERT OR IGNORE INTO sessions (id, window_key, started_at) VALUES (:id, :w, :at)",
        { ":id": id, ":w": windowKey, ":at": at.toISOString() },
      );
      if (ownerId !== null) {
        this.run("UPDATE sessions SET owner_id = :o WHERE id = :id", { ":id": id, ":o": ownerId });
      }
    });
  }

  /** Marks the session's morning reports out; the quota left then goes into later renderings. */
  finishSession(id: string, at: Date, quotaAfter: QuotaSnapshot | null = null): void {
    this.run("UPDATE sessions SET finished_at = :at, quota_after_json = :q WHERE id = :id", {
      ":id": id,
      ":at": at.toISOString(),
      ":q": quotaAfter && JSON.stringify(QuotaSnapshotSchema.parse(quotaAfter)),
    });
  }

  pauseSession(id: string, reason: string): void {
    this.run("UPDATE sessions SET paused_reason = :r WHERE id = :id", { ":id": id, ":r": reason });
  }

  /** The quota as the session's first cycle found it (later cycles keep the first). */
  noteSessionQuota(id: string, before: QuotaSnapshot): void {
    this.run(
      "UPDATE sessions SET quota_before_json = :q WHERE id = :id AND quota_before_json IS NULL",
      { ":id": id, ":q": JSON.stringify(QuotaSnapshotSchema.parse(before)) },
    );
  }

  /** The latest cycle's preflight findings; what earlier cycles fixed is kept. */
  noteHostFindings(id: string, findings: HostFindings): void {
    this.transaction(() => {
      const earlier = this.session(id)?.host?.fixed ?? [];
      const fixed = [...new Set([...earlier, ...(findings.fixed ?? [])])];
      this.run("UPDATE sessions SET host_json = :h WHERE id = :id", {
        ":id": id,
        ":h": JSON.stringify(HostFindingsSchema.parse({ ...findings, fixed })),
      });
    });
  }

  session(id: string): JournalSession | null {
    const row = this.all("SELECT * FROM sessions WHERE id = :id", { ":id": id })[0];
    return row ? sessionFromRow(row) : null;
  }

  /** The session of a window occurrence, if one was started. */
  sessionOfWindow(windowKey: string): JournalSession | null {
    const row = this.all("SELECT * FROM sessions WHERE window_key = :w", { ":w": windowKey })[0];
    return row ? sessionFromRow(row) : null;
  }

  /** Sessions whose morning reports are not out yet, oldest first. */
  unfinishedSessions(): JournalSession[] {
    return this.all("SELECT * FROM sessions WHERE finished_at IS NULL ORDER BY started_at").map(
      sessionFromRow,
    );
  }

  lastFinishedSession(): JournalSession | null {
    const row = this.all(
      "SELECT * FROM sessions WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1",
    )[0];
    return row ? sessionFromRow(row) : null;
  }

  // Cycle slots

  /**
   * Claims a cycle slot. True for exactly one caller per slot, across restarts and processes:
   * the primary key decides, inside SQLite's lock. A slot claimed by a process that is gone
   * and never finished (killed during its preview, cycle or report) is taken over, so the
   * work is done after a restart instead of never.
   */
  claimSlot(
    slot: string,
    owner: string,
    at: Date,
    sessionId: string | null = null,
    isOwnerAlive: IsOwnerAlive = ownerAliveCheck(owner),
  ): boolean {
    const values = { ":s": slot, ":sid": sessionId, ":o": owner, ":at": at.toISOString() };
    return this.transaction(() => {
      const inserted = this.run(
        "INSERT OR IGNORE INTO cycles (slot, session_id, owner, claimed_at) VALUES (:s, :sid, :o, :at)",
        values,
      );
      if (inserted === 1) return true;
      const held = this.all("SELECT owner, finished_at FROM cycles WHERE slot = :s", {
        ":s": slot,
      })[0];
      if (!held || held["finished_at"] !== null || isOwnerAlive(String(held["owner"]))) {
        return false;
      }
      this.run("UPDATE cycles SET owner = :o, claimed_at = :at WHERE slot = :s", {
        ":s": slot,
        ":o": owner,
        ":at": at.toISOString(),
      });
      return true;
    });
  }

  finishSlot(slot: string, at: Date): void {
    this.run("UPDATE cycles SET finished_at = :at WHERE slot = :s", {
      ":s": slot,
      ":at": at.toISOString(),
    });
  }

  /** When the first slot was ever claimed: a data directory older than its first-start record. */
  firstClaimedAt(): Date | null {
    const at = this.all("SELECT MIN(claimed_at) AS at FROM cycles")[0]?.["at"];
    return typeof at === "string" ? new Date(at) : null;
  }

  // Runs

  /** Records a planned run; a run already journaled (a restart) is left as it is. */
  planRun(run: NewRun, at: Date): void {
    this.run(
      `INSERT OR IGNORE INTO runs (id, session_id, repo, issue, attempt, state, estimated_cost,
         started_at, updated_at, owner_id, task_json, branch)
       VALUES (:id, :sid, :repo, :issue, :attempt, 'planned', :cost, :at, :at, :owner, :task, :branch)`,
      {
        ":id": run.id,
        ":sid": run.sessionId,
        ":repo": run.repo,
        ":issue": run.issue,
        ":attempt": run.attempt,
        ":cost": run.estimatedCost,
        ":at": at.toISOString(),
        ":owner": run.ownerId,
        ":task": JSON.stringify(run.task),
        ":branch": run.branch,
      },
    );
  }

  /** Moves a run forward; refuses a backward or post-final move with a clear error. */
  advanceRun(
    id: string,
    to: RunState,
    at: Date,
    facts: { prNumber?: number; branch?: string; outcome?: RunOutcome } = {},
  ): JournalRun {
    return this.transaction(() => {
      const current = this.getRun(id);
      if (!current) throw new Error(`journal: no run ${id}`);
      if (current.state === to) return current;
      if (!canAdvance(current.state, to)) {
        throw new Error(`journal: run ${id} cannot move from ${current.state} to ${to}`);
      }
      this.run(
        `UPDATE runs SET state = :state, updated_at = :at, pr_number = COALESCE(:pr, pr_number),
         branch = COALESCE(:branch, branch), outcome_json = COALESCE(:outcome, outcome_json)
         WHERE id = :id`,
        {
          ":id": id,
          ":state": to,
          ":at": at.toISOString(),
          ":pr": facts.prNumber ?? null,
          ":branch": facts.branch ?? null,
          ":outcome": facts.outcome ? JSON.stringify(facts.outcome) : null,
        },
      );
      return {
        ...current,
        state: to,
        prNumber: facts.prNumber ?? current.prNumber,
        branch: facts.branch ?? current.branch,
        outcome: facts.outcome ?? current.outcome,
      };
    });
  }

  /**
   * What the run came to, written as soon as it is known and before collect: a crash after
   * this point is settled with this outcome, never as "interrupted".
   */
  noteOutcome(id: string, outcome: RunOutcome): void {
    this.run("UPDATE runs SET outcome_json = :o WHERE id = :id", {
      ":id": id,
      ":o": JSON.stringify(outcome),
    });
  }

  /** The run's labels and issue comment are written (collect is done). */
  noteCollected(id: string): void {
    this.run("UPDATE runs SET collected = 1 WHERE id = :id", { ":id": id });
  }

  /**
   * The agent is about to start: from here the run spends its estimate, written in the same
   * transaction, so a run that never got this far spends nothing and one that did spends once.
   */
  startAgent(id: string, at: Date, amount: number): void {
    this.transaction(() => {
      this.run(
        "UPDATE runs SET agent_started_at = COALESCE(agent_started_at, :at) WHERE id = :id",
        { ":id": id, ":at": at.toISOString() },
      );
      this.recordSpend(id, at, amount);
    });
  }

  /** The process group the run's agent or gate now runs in (recovery stops it). */
  noteProcessGroup(id: string, group: ProcessGroup | null): void {
    this.run("UPDATE runs SET agent_json = :g WHERE id = :id", {
      ":id": id,
      ":g": group && JSON.stringify(group),
    });
  }

  /** Every attempt at one issue within a session, oldest first. */
  attemptsOf(sessionId: string, repo: string, issue: number): JournalRun[] {
    return this.all(
      "SELECT * FROM runs WHERE session_id = :sid AND repo = :repo AND issue = :issue ORDER BY attempt",
      { ":sid": sessionId, ":repo": repo, ":issue": issue },
    ).map(runFromRow);
  }

  getRun(id: string): JournalRun | null {
    const row = this.all("SELECT * FROM runs WHERE id = :id", { ":id": id })[0];
    return row ? runFromRow(row) : null;
  }

  runsOf(sessionId: string): JournalRun[] {
    return this.all("SELECT * FROM runs WHERE session_id = :sid ORDER BY started_at, id", {
      ":sid": sessionId,
    }).map(runFromRow);
  }

  /** Runs not settled yet, of any session: in progress, or left open by a crash. */
  openRuns(): JournalRun[] {
    return this.all(
      "SELECT * FROM runs WHERE state NOT IN ('done', 'failed', 'interrupted') ORDER BY started_at, id",
    )
      .map(runFromRow)
      .filter((run) => !isFinal(run.state));
  }

  // Spend

  /** Records what a run spent; a run's spend is counted once however often this is called. */
  recordSpend(runIdValue: string, at: Date, amount: number): void {
    this.run("INSERT OR IGNORE INTO spend (run_id, at, amount) VALUES (:id, :at, :amount)", {
      ":id": runIdValue,
      ":at": at.toISOString(),
      ":amount": amount,
    });
  }

  /** What each run of a session spent, by run id (runs that never started spent nothing). */
  spendOfSession(sessionId: string, unit: QuotaUnit = "prompts"): Map<string, number> {
    // Under `usd` a run's reported dollars replace its start estimate, as the provider counts.
    const amount = unit === "usd" ? "COALESCE(spend.usd, spend.amount)" : "spend.amount";
    const rows = this.all(
      `SELECT spend.run_id AS id, ${amount} AS amount FROM spend JOIN runs ON runs.id = spend.run_id WHERE runs.session_id = :sid`,
      { ":sid": sessionId },
    );
    return new Map(rows.map((row) => [String(row["id"]), Number(row["amount"])]));
  }

  /** Spends in (since, until], oldest first. */
  spendBetween(since: Date, until: Date): { at: Date; amount: number }[] {
    return this.all("SELECT at, amount FROM spend WHERE at > :since AND at <= :until ORDER BY at", {
      ":since": since.toISOString(),
      ":until": until.toISOString(),
    }).map((row) => ({ at: new Date(String(row["at"])), amount: Number(row["amount"]) }));
  }

  /** Spends in (since, until] with the dollars their agents reported, oldest first (`usd`). */
  spendsBetween(since: Date, until: Date): UsdSpend[] {
    return this.all(
      "SELECT run_id, at, amount, usd FROM spend WHERE at > :since AND at <= :until ORDER BY at",
      { ":since": since.toISOString(), ":until": until.toISOString() },
    ).map((row) => {
      const r = UsdSpendRow.parse(row);
      return {
        runId: r.run_id,
        at: new Date(r.at),
        prompts: r.amount,
        ...(r.usd === null ? {} : { usd: r.usd }),
      };
    });
  }

  /** The `usd` ledger's start of a run: the journal's spend (counted once). */
  recordStart(runIdValue: string, at: Date, estimate: number): void {
    this.recordSpend(runIdValue, at, estimate);
  }

  /** A run's agent reported its cost in dollars: it replaces the estimate under `usd`. */
  recordUsd(runIdValue: string, usd: number): void {
    this.run("UPDATE spend SET usd = :usd WHERE run_id = :id", { ":id": runIdValue, ":usd": usd });
  }

  // Webhook deliveries

  /** Records delivery ids in one statement; an id already recorded keeps its first time. */
  recordDeliveries(deliveries: readonly { id: string; at: Date }[]): void {
    if (deliveries.length === 0) return;
    const values: Record<string, string> = {};
    const rows = deliveries.map(({ id, at }, i) => {
      values[`:id${String(i)}`] = id;
      values[`:at${String(i)}`] = at.toISOString();
      return `(:id${String(i)}, :at${String(i)})`;
    });
    this.run(`INSERT OR IGNORE INTO deliveries (id, seen_at) VALUES ${rows.join(", ")}`, values);
  }

  /** Delivery ids recorded at or after `since`, oldest first. */
  deliveriesSince(since: Date): string[] {
    return this.all("SELECT id FROM deliveries WHERE seen_at >= :since ORDER BY seen_at, rowid", {
      ":since": since.toISOString(),
    }).map((row) => String(row.id));
  }

  /** Forgets deliveries seen before `before` (GitHub redelivers for days, not months). */
  pruneDeliveries(before: Date): number {
    return this.run("DELETE FROM deliveries WHERE seen_at < :before", {
      ":before": before.toISOString(),
    });
  }
}
