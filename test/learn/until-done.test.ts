import { describe, expect, it } from "vitest";
import {
  cycleAllowance,
  untilDoneState,
  type UntilDoneHistory,
  type UntilDoneRun,
} from "../../src/learn/until-done.js";

const HOUR = 3_600_000;
const NOW = new Date("2026-01-10T12:00:00Z");
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

const run = (hoursAgo: number, succeeded: boolean, cost = 5, issue = 1): UntilDoneRun => ({
  issue,
  endedAt: ago(hoursAgo),
  succeeded,
  cost,
});

const history = (fields: Partial<UntilDoneHistory> = {}): UntilDoneHistory => ({
  now: NOW,
  runs: [],
  issues: [
    { number: 3, state: "open" },
    { number: 1, state: "open" },
    { number: 2, state: "closed" },
  ],
  ...fields,
});

describe("untilDoneState: the decision", () => {
  it.each<[string, Partial<UntilDoneHistory>, object, object]>([
    ["issues left", {}, {}, { kind: "continue", open: [1, 3] }],
    [
      "every issue closed",
      { issues: [{ number: 1, state: "closed" }] },
      {},
      { kind: "done", why: "all-closed" },
    ],
    ["no issue at all", { issues: [] }, {}, { kind: "done", why: "all-closed" }],
    [
      "criteria met with issues open",
      { criteriaMet: true },
      {},
      { kind: "done", why: "criteria-met" },
    ],
    ["criteria not yet met", { criteriaMet: false }, {}, { kind: "continue" }],
    ["two failures in a row", { runs: [run(3, false), run(2, false)] }, {}, { kind: "continue" }],
    [
      "three failures in a row",
      { runs: [run(5, true), run(3, false), run(2, false), run(1, false)] },
      {},
      { kind: "paused", failures: 3, lastFailureAt: ago(1) },
    ],
    [
      "three failures broken by a success",
      { runs: [run(4, false), run(3, false), run(2, true), run(1, false)] },
      {},
      { kind: "continue" },
    ],
    [
      "failures listed out of order",
      { runs: [run(1, false), run(9, true), run(2, false), run(3, false)] },
      {},
      { kind: "paused", failures: 3 },
    ],
    [
      "three failures, then a maintainer resumed",
      { runs: [run(5, false), run(4, false), run(3, false)], resumedAt: ago(2) },
      {},
      { kind: "continue" },
    ],
    [
      "pauseAfterFailures: 1",
      { runs: [run(1, false)] },
      { pauseAfterFailures: 1 },
      { kind: "paused", failures: 1 },
    ],
    [
      "under the daily cap",
      { runs: [run(20, true, 10), run(2, true, 9)] },
      { dailyCap: 20 },
      { kind: "continue" },
    ],
    [
      "at the daily cap: resumes when the oldest run leaves the 24 hours",
      { runs: [run(30, true, 50), run(20, true, 10), run(2, true, 10)] },
      { dailyCap: 20 },
      { kind: "daily-cap-reached", spent: 20, cap: 20, resumesAt: ago(20 - 24) },
    ],
    [
      "well over the cap: resumes once enough has left",
      { runs: [run(23, true, 10), run(22, true, 10), run(1, true, 30)] },
      { dailyCap: 35 },
      { kind: "daily-cap-reached", spent: 50, resumesAt: ago(22 - 24) },
    ],
    [
      "a cap of nothing",
      {},
      { dailyCap: 0 },
      { kind: "daily-cap-reached", spent: 0, resumesAt: ago(-24) },
    ],
    [
      "done wins over a pause",
      { runs: [run(3, false), run(2, false), run(1, false)], issues: [] },
      {},
      { kind: "done" },
    ],
    [
      "a pause wins over the cap",
      { runs: [run(3, false, 50), run(2, false), run(1, false)] },
      { dailyCap: 10 },
      { kind: "paused" },
    ],
  ])("%s", (_name, fields, config, expected) => {
    expect(untilDoneState(history(fields), config).decision).toMatchObject(expected);
  });
});

describe("untilDoneState: status comments", () => {
  it.each<[string, Partial<UntilDoneHistory>, object, boolean, Date | null]>([
    ["never posted", {}, {}, true, ago(-2)],
    ["posted 1 hour ago", { lastStatus: { at: ago(1), kind: "continue" } }, {}, false, ago(-1)],
    ["posted 2 hours ago", { lastStatus: { at: ago(2), kind: "continue" } }, {}, true, ago(-2)],
    [
      "every 6 hours, posted 5 hours ago",
      { lastStatus: { at: ago(5), kind: "continue" } },
      { statusEveryHours: 6 },
      false,
      ago(-1),
    ],
    [
      "the loop just paused",
      {
        runs: [run(3, false), run(2, false), run(1, false)],
        lastStatus: { at: ago(0.5), kind: "continue" },
      },
      {},
      true,
      null,
    ],
    [
      "paused, and said so already",
      {
        runs: [run(3, false), run(2, false), run(1, false)],
        lastStatus: { at: ago(9), kind: "paused" },
      },
      {},
      false,
      null,
    ],
    ["just done", { issues: [], lastStatus: { at: ago(0.1), kind: "continue" } }, {}, true, null],
    [
      "resumed after the cap",
      { lastStatus: { at: ago(0.1), kind: "daily-cap-reached" } },
      {},
      true,
      ago(-2),
    ],
  ])("%s → due: %s", (_name, fields, config, due, next) => {
    const state = untilDoneState(history(fields), config);
    expect(state.statusDue).toBe(due);
    expect(state.nextStatusAt).toEqual(next);
  });
});

describe("cycleAllowance: what one cycle may start", () => {
  it.each<[string, Partial<UntilDoneHistory>, object, object]>([
    ["no runs yet", {}, {}, { runs: 3, spend: null }],
    ["one failure", { runs: [run(2, true), run(1, false)] }, {}, { runs: 2, spend: null }],
    ["failures before a resume", { runs: [run(3, false)], resumedAt: ago(2) }, {}, { runs: 3 }],
    [
      "a cap partly spent today",
      { runs: [run(30, true, 50), run(2, true, 15)] },
      { dailyCap: 40 },
      { runs: 3, spend: 25 },
    ],
    ["a cap overspent", { runs: [run(1, true, 50)] }, { dailyCap: 40 }, { spend: 0 }],
  ])("%s", (_name, fields, config, expected) => {
    expect(cycleAllowance(history(fields), config)).toMatchObject(expected);
  });
});
