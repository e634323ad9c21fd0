/** The journal's tables. Each statement is idempotent, so opening an existing file is safe. */
export const SCHEMA = `
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
