import { beforeAll, describe, expect, it } from "vitest";
import { scenarioNight } from "../support/scenario-night.js";

const SESSION = "night@2026-01-05";
const world = scenarioNight("recurring.yml", "calibrated");
let previewText = "";

/**
 * A scheduled night whose journal already holds five runs of the host's agent on docs issues
 * that each took 3 turns (counted as prompts): the docs task is planned at 3, not the docs
 * default of 5, and the preview says where the figure comes from.
 */
beforeAll(async () => {
  const { sim, journal } = world;
  for (let i = 1; i <= 5; i++) {
    journal.learned.record({
      runId: `night@2025-12-0${String(i)}:acme/chores#${String(90 + i)}`,
      at: new Date(`2025-12-0${String(i)}T23:30:00Z`),
      repo: "acme/chores",
      record: {
        category: "docs",
        agent: "scripted",
        estimated: 5,
        actual: { prompts: 3, turns: 3 },
        durationMs: 60_000,
        succeeded: true,
      },
    });
  }
  await world.play({
    until: new Date("2026-01-06T01:30:00Z"),
    afterTick: (keys) => {
      if (!keys.includes(`${SESSION}#preview`)) return;
      const report = sim.state
        .issues("acme/chores")
        .find((i) => i.labels.includes("nightshift: report"));
      previewText = report
        ? sim.state
            .comments("acme/chores", report.number)
            .map((c) => c.body)
            .join("\n")
        : "";
    },
  });
}, 240_000);

describe("a night after enough runs", () => {
  it("previews the task at the calibrated figure and says so", () => {
    expect(previewText).toContain(
      "(medium, 3 prompts est., calibrated from 5 past runs of this category, size and agent (default 5))",
    );
  });

  it("plans and spends the calibrated figure", () => {
    const [run] = world.journal.runsOf(SESSION);
    expect(run?.task).toMatchObject({
      cost: 3,
      estimate: { basis: "calibrated", runs: 5, scope: "category+size+agent", default: 5 },
    });
    expect(run && world.journal.spendOfSession(SESSION).get(run.id)).toBe(3);
  });

  it("records the night's run for the next calibration, and reports the night's accuracy", () => {
    const records = world.journal.learned.ofSession(SESSION);
    expect(records.map((r) => r.record)).toEqual([
      {
        category: "docs",
        agent: "scripted",
        estimated: 3,
        actual: {},
        durationMs: expect.any(Number) as number,
        succeeded: true,
      },
    ]);
    expect(world.journal.learned.history()).toHaveLength(6);
    const report = world.sim.state
      .issues("acme/chores")
      .find((i) => i.labels.includes("nightshift: report"));
    const bodies = report
      ? world.sim.state.comments("acme/chores", report.number).map((c) => c.body)
      : [];
    const morning = bodies.find((body) => body.includes("Nightshift morning report"));
    expect(morning).toContain("### 🎯 Estimates");
    expect(morning).toContain("| docs | scripted | 1 | 100 % | – | – |");
  });
});
