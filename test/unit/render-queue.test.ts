import { describe, expect, it } from "vitest";
import { renderQueue } from "../../src/cli/render-queue.js";
import type { SessionPlan } from "../../src/queue/plan-types.js";
import { FakeGitHub } from "./fake-port.js";
import { task } from "./helpers.js";

const one = task({ number: 1, priority: "high", cost: 10 });
const two = task({ number: 2, priority: "low", cost: 5 });
const three = task({ number: 3, priority: "medium", cost: 5, category: "docs" });
const repoPlan: SessionPlan["repos"][number] = {
  target: { ref: { owner: "acme", repo: "calc" }, github: new FakeGitHub() },
  eligible: [one, three],
  skipped: [
    { task: two, reason: { kind: "on-hold" } },
    {
      task: three,
      reason: {
        kind: "quota-threshold",
        priority: "medium",
        threshold: 25,
        remaining: 20,
        unit: "prompts",
      },
    },
  ],
  problems: [],
};
const plan: SessionPlan = {
  repos: [repoPlan],
  picked: [{ task: one, plan: repoPlan }],
  unit: "prompts",
};

describe("renderQueue", () => {
  it("lists every queued task in order with why it would not run", () => {
    expect(renderQueue(plan)).toBe(
      [
        "▶ acme/calc#1 [high, cost 10] Issue 1",
        "· acme/calc#3 [medium, cost 5] Issue 3 — quota: medium priority runs only while more than 25 prompts remain (20 left)",
        "· acme/calc#2 [low, cost 5] Issue 2 — on hold (/hold)",
      ].join("\n"),
    );
  });

  it("shows the next N", () => {
    expect(renderQueue(plan, { next: 5 })).toBe("1. acme/calc#1 [high, cost 10] Issue 1");
  });

  it("counts", () => {
    expect(renderQueue(plan, { stats: true })).toBe(
      [
        "queued: 3 (would run: 1, waiting: 2)",
        "by priority: high 1, medium 1, low 1",
        "by category: none 2, docs 1",
        "estimated cost of what would run: 10 prompts",
        "waiting because: quota 1, on hold 1",
      ].join("\n"),
    );
  });
});
