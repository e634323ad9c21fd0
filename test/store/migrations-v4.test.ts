import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SCHEMA_VERSION } from "../../src/store/schema.js";
import { fixtureJournal } from "./fixture-journal.js";

const fixture = fileURLToPath(new URL("./fixtures/journal-v4/journal.sqlite", import.meta.url));
const REPO = "acme/calc";
const TARGET = "label:epic: parser";
const at = (iso: string) => new Date(iso);

const { open, userVersion } = fixtureJournal(fixture);

describe("a journal written by the version-4 code", () => {
  it("is migrated to the current version with no until-done memory yet", () => {
    const journal = open();
    expect(userVersion()).toBe(SCHEMA_VERSION);
    expect(journal.untilDone.memory(REPO, TARGET)).toEqual({});
  });

  it("reads its run records as a target's runs, in prompts or in dollars", () => {
    const journal = open();
    const run = {
      runId: "night@2026-01-06:acme/calc#3",
      issue: 3,
      endedAt: at("2026-01-06T22:09:00Z"),
      succeeded: true,
    };
    expect(journal.untilDone.runsOf(REPO, [3], "prompts")).toEqual([{ ...run, cost: 10 }]);
    expect(journal.untilDone.runsOf(REPO, [3, 1], "usd")).toEqual([{ ...run, cost: 0.42 }]);
    // Issue 1's run predates run records; other issues and repositories are not the target's.
    expect(journal.untilDone.runsOf(REPO, [1, 2], "prompts")).toEqual([]);
    expect(journal.untilDone.runsOf("acme/other", [3], "prompts")).toEqual([]);
  });

  it("keeps a target's status, resume, check and commands seen across reopening", () => {
    const first = open();
    first.untilDone.noteStatus(REPO, TARGET, "continue", at("2026-01-07T10:00:00Z"));
    first.untilDone.noteCheck(REPO, TARGET, at("2026-01-07T10:01:00Z"), false);
    first.untilDone.noteStatus(REPO, TARGET, "paused", at("2026-01-07T12:00:00Z"));
    first.untilDone.noteResumed(REPO, TARGET, at("2026-01-07T13:00:00Z"));
    first.untilDone.noteCommandsSeen(REPO, TARGET, at("2026-01-07T13:00:00Z"));
    first.close();
    const again = open();
    expect(userVersion()).toBe(SCHEMA_VERSION);
    expect(again.untilDone.memory(REPO, TARGET)).toEqual({
      lastStatus: { at: at("2026-01-07T12:00:00Z"), kind: "paused" },
      resumedAt: at("2026-01-07T13:00:00Z"),
      check: { at: at("2026-01-07T10:01:00Z"), passed: false },
      commandsSeenAt: at("2026-01-07T13:00:00Z"),
    });
    expect(again.untilDone.memory(REPO, "milestone:v2.0")).toEqual({});
  });
});
