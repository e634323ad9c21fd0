import { fileURLToPath } from "node:url";
import sqlite from "node-sqlite3-wasm";
import { describe, expect, it } from "vitest";
import { RepoConfigSchema } from "../../src/config/repo-schema.js";
import { SCHEMA_VERSION } from "../../src/store/schema.js";
import { fixtureJournal } from "./fixture-journal.js";

const fixture = fileURLToPath(
  new URL("./fixtures/journal-v2-open-run/journal.sqlite", import.meta.url),
);
const SESSION = "night@2026-01-05";
const OPEN_RUN = `${SESSION}:acme/calc#2`;
const at = (iso: string) => new Date(iso);
const alive = () => true;
const gone = () => false;

const { open, file, userVersion } = fixtureJournal(fixture);

const dispatch = {
  runId: OPEN_RUN,
  taskId: "night-2026-01-05-acme-calc-2",
  repo: "acme/calc",
  workflow: "nightshift-agent.yml",
  since: "2026-01-05T22:00:00.000Z",
  deadline: "2026-01-06T07:00:00.000Z",
  maxArtifactBytes: 1024,
};

describe("a journal written by the version-2 code", () => {
  it("is migrated to the current version, its runs kept, with no dispatch yet", () => {
    const journal = open();
    expect(userVersion()).toBe(SCHEMA_VERSION);
    expect(journal.runsOf(SESSION).map((run) => run.state)).toEqual(["done", "running"]);
    expect(journal.dispatches.inFlight()).toEqual([]);
  });

  it("records a dispatch in two steps, and lets one collector claim it at a time", () => {
    const journal = open();
    journal.dispatches.begin(dispatch);
    journal.dispatches.begin({ ...dispatch, workflow: "other.yml" });
    expect(journal.dispatches.inFlight()).toEqual([
      {
        ...dispatch,
        actionsRunId: null,
        base: null,
        claimedBy: null,
        facts: null,
        cancelRequestedAt: null,
        dispatchError: null,
      },
    ]);
    // Not claimable before GitHub named the run.
    expect(journal.dispatches.claim(OPEN_RUN, "a", at("2026-01-05T23:00:00Z"), alive)).toBe(false);
    journal.dispatches.record(OPEN_RUN, 42, "a".repeat(40));
    expect(journal.dispatches.byActionsRun("acme/calc", 42)).toMatchObject({
      runId: OPEN_RUN,
      base: "a".repeat(40),
    });
    expect(journal.dispatches.byActionsRun("acme/other", 42)).toBeNull();
    expect(journal.dispatches.claim(OPEN_RUN, "a", at("2026-01-05T23:00:00Z"), alive)).toBe(true);
    expect(journal.dispatches.claim(OPEN_RUN, "b", at("2026-01-05T23:00:00Z"), alive)).toBe(false);
    // Its claimant died while collecting: taken over.
    expect(journal.dispatches.claim(OPEN_RUN, "b", at("2026-01-05T23:00:00Z"), gone)).toBe(true);
    journal.dispatches.release(OPEN_RUN);
    expect(journal.dispatches.get(OPEN_RUN)?.claimedBy).toBeNull();
    // A settled run is no longer in flight, nor claimable.
    journal.advanceRun(OPEN_RUN, "failed", at("2026-01-06T00:00:00Z"));
    expect(journal.dispatches.inFlight()).toEqual([]);
    expect(journal.dispatches.claim(OPEN_RUN, "a", at("2026-01-06T00:00:00Z"), gone)).toBe(false);
  });

  it("is migrated once, and a dispatch survives reopening", () => {
    const first = open();
    first.dispatches.begin(dispatch);
    first.close();
    const again = open();
    expect(userVersion()).toBe(SCHEMA_VERSION);
    expect(again.dispatches.get(OPEN_RUN)?.taskId).toBe(dispatch.taskId);
  });

  it("keeps what a dispatch was made against, and forgets facts it cannot read", () => {
    const journal = open();
    const facts = {
      info: {
        owner: "acme",
        repo: "calc",
        defaultBranch: "main",
        cloneUrl: "https://github.com/acme/calc.git",
        archived: false,
      },
      config: RepoConfigSchema.parse({ gates: [{ name: "test", run: "npm test" }] }),
    };
    journal.dispatches.begin({ ...dispatch, facts });
    expect(journal.dispatches.get(OPEN_RUN)?.facts).toEqual(facts);
    journal.close();
    const db = new sqlite.Database(file());
    try {
      db.run("UPDATE dispatches SET facts_json = :f", { ":f": '{"info":{}}' });
    } finally {
      db.close();
    }
    expect(open().dispatches.get(OPEN_RUN)?.facts).toBeNull();
  });
});
