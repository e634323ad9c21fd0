import { describe, expect, it } from "vitest";
import { compareTasks } from "../../src/queue/order.js";
import { selectWithinQuota } from "../../src/queue/select.js";
import { taskFromIssue } from "../../src/queue/task.js";
import { defaultRepoConfig, issue, task } from "./helpers.js";
import { describeSkip, isQuotaBound } from "../../src/queue/skip-reason.js";

const repo = { owner: "acme", repo: "calc" };
const policy = {
  thresholds: { critical: 5, high: 15, medium: 25, low: 40 },
  safetyBufferPercent: 20,
};

describe("taskFromIssue", () => {
  const config = defaultRepoConfig();
  it.each([
    { labels: ["category: bug"], expected: null },
    {
      labels: ["priority: high", "category: bug"],
      expected: { priority: "high", category: "bug", cost: 10 },
    },
    {
      labels: ["priority: high", "category: docs"],
      expected: { priority: "high", category: "docs", cost: 5 },
    },
    {
      labels: ["priority: high", "category: docs", "cost: 3"],
      expected: { priority: "high", category: "docs", cost: 3 },
    },
    { labels: ["priority: low"], expected: { priority: "low", category: undefined, cost: 10 } },
  ])("$labels", ({ labels, expected }) => {
    const result = taskFromIssue(repo, issue({ number: 1, labels }), config);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatchObject(expected);
  });

  it("leaves closed issues out", () => {
    expect(
      taskFromIssue(
        repo,
        issue({ number: 1, labels: ["priority: high"], state: "closed" }),
        config,
      ),
    ).toBeNull();
  });

  it("uses configured category costs over the defaults", () => {
    const config = { ...defaultRepoConfig(), categories: { autoApprove: [], costs: { docs: 2 } } };
    expect(
      taskFromIssue(repo, issue({ number: 1, labels: ["priority: low", "category: docs"] }), config)
        ?.cost,
    ).toBe(2);
  });
});

describe("compareTasks", () => {
  it("orders by priority, then impact ÷ effort, then age", () => {
    const tasks = [
      task({ number: 1, priority: "low", cost: 1 }),
      task({ number: 2, priority: "high", cost: 20 }),
      task({ number: 3, priority: "high", cost: 5, createdAt: "2026-11-02T00:00:00Z" }),
      task({ number: 4, priority: "high", cost: 5, createdAt: "2026-11-01T00:00:00Z" }),
      task({ number: 5, priority: "critical", cost: 50 }),
    ];
    expect([...tasks].sort(compareTasks).map((t) => t.issue.number)).toEqual([5, 4, 3, 2, 1]);
  });
});

describe("selectWithinQuota", () => {
  it.each([
    {
      name: "no limit picks everything",
      quota: { unit: "prompts" as const, limit: null, remaining: null },
      tasks: [task({ number: 1, priority: "low" }), task({ number: 2, priority: "high" })],
      picked: [2, 1],
    },
    {
      name: "lower priorities stop at their thresholds",
      quota: { unit: "prompts" as const, limit: 80, remaining: 80 },
      tasks: [
        task({ number: 1, priority: "critical", cost: 10 }),
        task({ number: 2, priority: "high", cost: 10 }),
        task({ number: 3, priority: "high", cost: 20 }),
        task({ number: 4, priority: "medium", cost: 5 }),
        task({ number: 5, priority: "low", cost: 5 }),
      ],
      picked: [1, 2, 3, 4],
    },
    {
      name: "a priority runs only while remaining is above its threshold",
      quota: { unit: "prompts" as const, limit: 100, remaining: 25 },
      tasks: [
        task({ number: 1, priority: "medium", cost: 1 }),
        task({ number: 2, priority: "high", cost: 1 }),
      ],
      picked: [2],
    },
    {
      name: "nothing starts below the safety buffer",
      quota: { unit: "prompts" as const, limit: 100, remaining: 19 },
      tasks: [task({ number: 1, priority: "critical", cost: 1 })],
      picked: [],
    },
    {
      name: "a run that would overdraw is skipped, a cheaper one still fits",
      quota: { unit: "prompts" as const, limit: 100, remaining: 30 },
      tasks: [
        task({ number: 1, priority: "critical", cost: 40 }),
        task({ number: 2, priority: "critical", cost: 9 }),
      ],
      picked: [2],
    },
  ])("$name", ({ quota, tasks, picked }) => {
    const selection = selectWithinQuota(tasks, quota, policy);
    expect(selection.picked.map((t) => t.issue.number)).toEqual(picked);
    expect(selection.picked.length + selection.skipped.length).toBe(tasks.length);
    for (const skip of selection.skipped) expect(isQuotaBound(skip.reason)).toBe(true);
  });

  it("explains a threshold refusal with the figures", () => {
    const { skipped } = selectWithinQuota(
      [task({ number: 6, priority: "low", cost: 5 })],
      { unit: "prompts", limit: 80, remaining: 35 },
      policy,
    );
    expect(skipped[0] && describeSkip(skipped[0].reason)).toBe(
      "quota: low priority runs only while more than 40 prompts remain (35 left)",
    );
  });
});
