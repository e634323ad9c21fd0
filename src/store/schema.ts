import type { Database } from "./sqlite.js";
import { migrateRunFacts } from "./migrate-run-facts.js";

/**
 * The journal's schema, as forward migrations: `MIGRATIONS[n]` takes a journal from version n
 * to n + 1, and `PRAGMA user_version` says which version a file is at. Version 1 is the schema
 * before versions were recorded (its files say 0 but have the tables). Never edit a migration
 * that shipped: add the next one.
 */
type Migration = (db: Database) => void;

/** Version 1: sessions, cycle slots, runs with their facts as one JSON bag, spend, deliveries. */
const V1 = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  window_key TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  paused_reason TEXT,
  report_json TEXT
);
CREATE TABLE IF NOT EXISTS cycles (
  slot TEXT PRIMARY KEY,
  session_id TEXT,
  owner TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  repo TEXT NOT NULL,
  issue INTEGER NOT NULL,
  state TEXT NOT NULL,
  estimated_cost REAL NOT NULL,
  started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  pr_number INTEGER,
  detail_json TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_session ON runs (session_id);
CREATE TABLE IF NOT EXISTS spend (
  run_id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  amount REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS spend_by_time ON spend (at);
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY,
  seen_at TEXT NOT NULL
);
`;

/**
 * Version 2: a run's facts get typed columns (task, branch, outcome, collected, its owner and
 * its agent's process group); a session keeps what its report needs (quota, host findings);
 * what each cycle planned to skip, each repository's last plan, and claims on posted comments
 * (one morning report per repository and session) get tables of their own.
 */
const V2 = `
ALTER TABLE runs ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
ALTER TABLE runs ADD COLUMN owner_id TEXT;
ALTER TABLE runs ADD COLUMN task_json TEXT;
ALTER TABLE runs ADD COLUMN branch TEXT;
ALTER TABLE runs ADD COLUMN outcome_json TEXT;
ALTER TABLE runs ADD COLUMN collected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN agent_json TEXT;
ALTER TABLE runs ADD COLUMN agent_started_at TEXT;
ALTER TABLE sessions ADD COLUMN owner_id TEXT;
ALTER TABLE sessions ADD COLUMN quota_before_json TEXT;
ALTER TABLE sessions ADD COLUMN quota_after_json TEXT;
ALTER TABLE sessions ADD COLUMN host_json TEXT;
CREATE TABLE skips (
  session_id TEXT NOT NULL,
  repo TEXT NOT NULL,
  issue INTEGER NOT NULL,
  at TEXT NOT NULL,
  task_json TEXT NOT NULL,
  reason_json TEXT NOT NULL,
  PRIMARY KEY (session_id, repo, issue)
);
CREATE TABLE repo_plans (
  session_id TEXT NOT NULL,
  repo TEXT NOT NULL,
  at TEXT NOT NULL,
  eligible_json TEXT NOT NULL,
  problems_json TEXT NOT NULL,
  PRIMARY KEY (session_id, repo)
);
CREATE TABLE posts (
  key TEXT NOT NULL,
  repo TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  owner_id TEXT,
  at TEXT NOT NULL,
  error TEXT,
  mentioned INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (key, repo, kind)
);
`;

/**
 * Version 3: what each finished run taught calibration (its category, size, agent, estimate
 * and the figures its agent reported), and a spend's dollars once its agent reported them
 * (the `usd` quota).
 */
const V3 = `
ALTER TABLE spend ADD COLUMN usd REAL;
CREATE TABLE run_records (
  run_id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  repo TEXT NOT NULL,
  category TEXT,
  size TEXT,
  agent TEXT NOT NULL,
  estimated REAL NOT NULL,
  prompts REAL,
  turns REAL,
  usd REAL,
  duration_ms INTEGER NOT NULL,
  succeeded INTEGER NOT NULL
);
CREATE INDEX run_records_by_time ON run_records (at);
`;

/**
 * Version 4: runs on GitHub Actions. A dispatch row is written before the workflow is
 * dispatched and gets the Actions run's id and base the moment GitHub names it; collecting
 * claims it (by owner), so a duplicate webhook or the reconciler never collects twice.
 */
const V4 = `
CREATE TABLE dispatches (
  run_id TEXT PRIMARY KEY,
  task_id TEXT NOT NULL,
  repo TEXT NOT NULL,
  workflow TEXT NOT NULL,
  since TEXT NOT NULL,
  deadline TEXT NOT NULL,
  max_artifact_bytes INTEGER NOT NULL,
  actions_run_id INTEGER,
  base TEXT,
  claimed_by TEXT,
  claimed_at TEXT
);
CREATE INDEX dispatches_by_actions_run ON dispatches (repo, actions_run_id);
`;

/**
 * Version 5: a dispatch keeps what it was made against (the repository's facts and config), so
 * collecting its run reads neither again; when a `/skip` or `/hold` asked to cancel it (kept
 * until GitHub names the run); and why its dispatch request failed (the next reconcile pass
 * settles it at once, rather than waiting for it to look abandoned).
 */
const V5 = `
ALTER TABLE dispatches ADD COLUMN facts_json TEXT;
ALTER TABLE dispatches ADD COLUMN cancel_requested_at TEXT;
ALTER TABLE dispatches ADD COLUMN dispatch_error TEXT;
`;

/**
 * Version 6: until-done targets (docs/learning.md). Per repository and target: the last status
 * comment (when, and which decision it told), when a maintainer last resumed it, the last
 * completion check (when, and whether it passed) and the newest resume command handled.
 */
const V6 = `
CREATE TABLE until_done (
  repo TEXT NOT NULL,
  target TEXT NOT NULL,
  status_kind TEXT,
  status_at TEXT,
  resumed_at TEXT,
  checked_at TEXT,
  check_passed INTEGER,
  commands_seen_at TEXT,
  PRIMARY KEY (repo, target)
);
`;

/**
 * Version 7: the repeat suggestions each dashboard offers now (in order, with their evidence),
 * and the ones an approver adopted by ticking (who, when): an adopted one is a `recurring:`
 * entry until the config declares it.
 */
const V7 = `
CREATE TABLE repeats (
  repo TEXT NOT NULL,
  series TEXT NOT NULL,
  title TEXT NOT NULL,
  schedule_json TEXT NOT NULL,
  labels_json TEXT NOT NULL,
  rank INTEGER NOT NULL,
  occurrences INTEGER NOT NULL,
  confidence TEXT NOT NULL,
  offered_at TEXT NOT NULL,
  adopted_by TEXT,
  adopted_at TEXT,
  PRIMARY KEY (repo, series)
);
`;

export const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.exec(V1);
  },
  (db) => {
    db.exec(V2);
    migrateRunFacts(db);
  },
  (db) => {
    db.exec(V3);
  },
  (db) => {
    db.exec(V4);
  },
  (db) => {
    db.exec(V5);
  },
  (db) => {
    db.exec(V6);
  },
  (db) => {
    db.exec(V7);
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The version a file is at; files of version 1 predate `user_version` and say 0. */
export function schemaVersion(db: Database): number {
  const recorded = Number(db.get("PRAGMA user_version")?.["user_version"] ?? 0);
  if (recorded > 0) return recorded;
  const runs = db.get("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'runs'");
  return runs ? 1 : 0;
}

/**
 * Brings the file to `SCHEMA_VERSION`, one migration per transaction (two processes opening
 * the same file migrate it once: the second finds the version already moved). A file newer
 * than this code is refused rather than misread.
 */
export function migrate(db: Database): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new Error(
      `the journal is at schema version ${String(from)}, newer than this Nightshift (${String(SCHEMA_VERSION)}); upgrade Nightshift`,
    );
  }
  for (;;) {
    db.exec("BEGIN IMMEDIATE");
    try {
      const version = schemaVersion(db);
      const step = MIGRATIONS[version];
      if (!step) {
        db.exec("COMMIT");
        return { from, to: version };
      }
      step(db);
      db.exec(`PRAGMA user_version = ${String(version + 1)}`);
      db.exec("COMMIT");
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw error;
    }
  }
}
