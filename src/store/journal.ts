import { join } from "node:path";
import { canAdvance, isFinal, type RunState } from "./run-state.js";
import { SCHEMA } from "./schema.js";
import { openDatabase, withBusyRetry, type Database, type Row } from "./sqlite.js";

export interface JournalRun {
  id: string;
  sessionId: string;
  repo: string;
  issue: number;
  state: RunState;
  estimatedCost: number;
  startedAt: string;
  updatedAt: string;
  prNumber: number | null;
  /** Free-form facts about the run (reason, outcome), stored as JSON. */
  detail: Record<string, unknown>;
}

export interface JournalSession {
  id: string;
  windowKey: string | null;
  startedAt: string;
  finishedAt: string | null;
  pausedReason: string | null;
  reportJson: string | null;
}

const str = (row: Row, key: string): string => String(row[key]);
const strOrNull = (row: Row, key: string): string | null =>
  row[key] === null || row[key] === undefined ? null : String(row[key]);

function toRun(row: Row): JournalRun {
  const detail = strOrNull(row, "detail_json");
  return {
    id: str(row, "id"),
    sessionId: str(row, "session_id"),
    repo: str(row, "repo"),
    issue: Number(row["issue"]),
    state: str(row, "state") as RunState,
    estimatedCost: Number(row["estimated_cost"]),
    startedAt: str(row, "started_at"),
    updatedAt: str(row, "updated_at"),
    prNumber: row["pr_number"] === null ? null : Number(row["pr_number"]),
    detail: detail ? (JSON.parse(detail) as Record<string, unknown>) : {},
  };
}

/** The stable id of one task's run in one session: a restart finds the same row. */
export const runId = (sessionId: string, repo: string, issue: number): string =>
  `${sessionId}:${repo}#${issue}`;

/**
 * The durable journal: sessions, cycle slots, runs, spend and webhook deliveries in one SQLite
 * file under the data directory. Every method is a single short transaction.
 */
export class Journal {
  private constructor(
    private readonly db: Database,
    readonly file: string,
  ) {}

  static open(dataDir: string): Journal {
    const file = join(dataDir, "journal.sqlite");
    const db = openDatabase(file);
    withBusyRetry(file, () => {
      db.exec(SCHEMA);
    });
    return new Journal(db, file);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private run(sql: string, values?: Record<string, string | number | null>): number {
    return withBusyRetry(this.file, () => this.db.run(sql, values).changes);
  }

  private all(sql: string, values?: Record<string, string | number | null>): Row[] {
    return withBusyRetry(this.file, () => this.db.all(sql, values) as Row[]);
  }

  // Sessions

  startSession(id: string, windowKey: string | null, at: Date): void {
    this.run("INSERT OR IGNORE INTO sessions (id, window_key, started_at) VALUES (:id, :w, :at)", {
      ":id": id,
      ":w": windowKey,
      ":at": at.toISOString(),
    });
  }

  finishSession(id: string, at: Date, reportJson: string | null): void {
    this.run("UPDATE sessions SET finished_at = :at, report_json = :r WHERE id = :id", {
      ":id": id,
      ":at": at.toISOString(),
      ":r": reportJson,
    });
  }

  pauseSession(id: string, reason: string): void {
    this.run("UPDATE sessions SET paused_reason = :r WHERE id = :id", { ":id": id, ":r": reason });
  }

  session(id: string): JournalSession | null {
    const row = this.all("SELECT * FROM sessions WHERE id = :id", { ":id": id })[0];
    return row ? toSession(row) : null;
  }

  /** The session of a window occurrence, if one was started. */
  sessionOfWindow(windowKey: string): JournalSession | null {
    const row = this.all("SELECT * FROM sessions WHERE window_key = :w", { ":w": windowKey })[0];
    return row ? toSession(row) : null;
  }

  lastFinishedSession(): JournalSession | null {
    const row = this.all(
      "SELECT * FROM sessions WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1",
    )[0];
    return row ? toSession(row) : null;
  }

  // Cycle slots

  /**
   * Claims a cycle slot. True for exactly one caller per slot, across restarts and processes:
   * the primary key decides, inside SQLite's lock.
   */
  claimSlot(slot: string, owner: string, at: Date, sessionId: string | null = null): boolean {
    return (
      this.run(
        "INSERT OR IGNORE INTO cycles (slot, session_id, owner, claimed_at) VALUES (:s, :sid, :o, :at)",
        { ":s": slot, ":sid": sessionId, ":o": owner, ":at": at.toISOString() },
      ) === 1
    );
  }

  finishSlot(slot: string, at: Date): void {
    this.run("UPDATE cycles SET finished_at = :at WHERE slot = :s", {
      ":s": slot,
      ":at": at.toISOString(),
    });
  }

  /** When the first slot was ever claimed: a data directory older than its first-start record. */
  firstClaimedAt(): Date | null {
    const row = this.all("SELECT MIN(claimed_at) AS at FROM cycles")[0];
    return row?.["at"] ? new Date(str(row, "at")) : null;
  }

  // Runs

  /** Records a planned run; a run already journaled (a restart) is left as it is. */
  planRun(
    run: Pick<JournalRun, "id" | "sessionId" | "repo" | "issue" | "estimatedCost">,
    at: Date,
    detail: Record<string, unknown> = {},
  ) {
    this.run(
      `INSERT OR IGNORE INTO runs (id, session_id, repo, issue, state, estimated_cost, started_at, updated_at, detail_json)
       VALUES (:id, :sid, :repo, :issue, 'planned', :cost, :at, :at, :detail)`,
      {
        ":detail": JSON.stringify(detail),
        ":id": run.id,
        ":sid": run.sessionId,
        ":repo": run.repo,
        ":issue": run.issue,
        ":cost": run.estimatedCost,
        ":at": at.toISOString(),
      },
    );
  }

  /** Moves a run forward; refuses a backward or post-final move with a clear error. */
  advanceRun(
    id: string,
    to: RunState,
    at: Date,
    facts: { prNumber?: number; detail?: Record<string, unknown> } = {},
  ): JournalRun {
    const current = this.getRun(id);
    if (!current) throw new Error(`journal: no run ${id}`);
    if (current.state === to) return current;
    if (!canAdvance(current.state, to)) {
      throw new Error(`journal: run ${id} cannot move from ${current.state} to ${to}`);
    }
    const detail = { ...current.detail, ...facts.detail };
    this.run(
      `UPDATE runs SET state = :state, updated_at = :at, pr_number = COALESCE(:pr, pr_number),
       detail_json = :detail WHERE id = :id`,
      {
        ":id": id,
        ":state": to,
        ":at": at.toISOString(),
        ":pr": facts.prNumber ?? null,
        ":detail": JSON.stringify(detail),
      },
    );
    return { ...current, state: to, prNumber: facts.prNumber ?? current.prNumber, detail };
  }

  /** Adds facts to a run without moving it. */
  noteRun(id: string, detail: Record<string, unknown>): void {
    const current = this.getRun(id);
    if (!current) throw new Error(`journal: no run ${id}`);
    this.run("UPDATE runs SET detail_json = :detail WHERE id = :id", {
      ":id": id,
      ":detail": JSON.stringify({ ...current.detail, ...detail }),
    });
  }

  /** Every attempt at one issue within a session, oldest first. */
  attemptsOf(sessionId: string, repo: string, issue: number): JournalRun[] {
    return this.runsOf(sessionId).filter((run) => run.repo === repo && run.issue === issue);
  }

  getRun(id: string): JournalRun | null {
    const row = this.all("SELECT * FROM runs WHERE id = :id", { ":id": id })[0];
    return row ? toRun(row) : null;
  }

  runsOf(sessionId: string): JournalRun[] {
    return this.all("SELECT * FROM runs WHERE session_id = :sid ORDER BY started_at, id", {
      ":sid": sessionId,
    }).map(toRun);
  }

  /** Runs a crash left open: not done, not failed. */
  interruptedRuns(): JournalRun[] {
    return this.all("SELECT * FROM runs ORDER BY started_at, id")
      .map(toRun)
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
  spendOfSession(sessionId: string): Map<string, number> {
    const rows = this.all(
      "SELECT spend.run_id AS id, spend.amount AS amount FROM spend JOIN runs ON runs.id = spend.run_id WHERE runs.session_id = :sid",
      { ":sid": sessionId },
    );
    return new Map(rows.map((row) => [str(row, "id"), Number(row["amount"])]));
  }

  /** Spends in (since, until], oldest first. */
  spendBetween(since: Date, until: Date): { at: Date; amount: number }[] {
    return this.all("SELECT at, amount FROM spend WHERE at > :since AND at <= :until ORDER BY at", {
      ":since": since.toISOString(),
      ":until": until.toISOString(),
    }).map((row) => ({ at: new Date(str(row, "at")), amount: Number(row["amount"]) }));
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

function toSession(row: Row): JournalSession {
  return {
    id: str(row, "id"),
    windowKey: strOrNull(row, "window_key"),
    startedAt: str(row, "started_at"),
    finishedAt: strOrNull(row, "finished_at"),
    pausedReason: strOrNull(row, "paused_reason"),
    reportJson: strOrNull(row, "report_json"),
  };
}
