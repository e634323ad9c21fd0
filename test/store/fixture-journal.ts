import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sqlite from "node-sqlite3-wasm";
import { afterEach, beforeEach } from "vitest";
import { Journal } from "../../src/store/journal.js";

/**
 * A copy of a journal fixture in a fresh data directory for each test, and the journals the
 * test opened on it closed after. `file` is the copy's path (a test may overwrite it).
 */
export function fixtureJournal(fixture: string) {
  let dir = "";
  const opened: Journal[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "nightshift-migrate-"));
    copyFileSync(fixture, join(dir, "journal.sqlite"));
  });
  afterEach(() => {
    for (const journal of opened.splice(0)) journal.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    file: () => join(dir, "journal.sqlite"),
    open: (): Journal => {
      const journal = Journal.open(dir);
      opened.push(journal);
      return journal;
    },
    /** The file's `PRAGMA user_version`, read with a connection of its own. */
    userVersion: (): number => {
      const db = new sqlite.Database(join(dir, "journal.sqlite"));
      try {
        return Number(db.get("PRAGMA user_version")?.["user_version"]);
      } finally {
        db.close();
      }
    },
  };
}
