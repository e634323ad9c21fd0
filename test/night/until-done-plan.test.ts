import { describe, expect, it } from "vitest";
import { admitUntilDone, emptyUntilDonePlan } from "../../src/night/until-done-plan.js";
import type { RepoPlan, SessionPlan } from "../../src/queue/plan-types.js";
import { describeSkip } from "../../src/queue/skip-reason.js";
import type { Task } from "../../src/queue/task.js";

const repo = { owner: "acme", repo: "calc" };
const task = (number: number, cost = 10): Task => ({
  repo,
  issue: {
    number,
    title: `issue ${String(number)}`,
    body: "",
    labels: [],
    author: "a",
    authorType: "User",
    createdAt: "2026-01-01T00:00:00Z",
    state: "open",
  },
  priority: "high",
  cost,
  problems: [],
});

function planOf(tasks: Task[]): SessionPlan {
  const repoPlan: RepoPlan = {
    target: {} as RepoPlan["target"],
    eligible: tasks,
    skipped: [],
    problems: [],
  };
  return {
    repos: [repoPlan],
    picked: tasks.map((t) => ({ task: t, plan: repoPlan })),
    unit: "prompts",
  };
}

const target = "label `epic`";
const keys = (...numbers: number[]) => new Set(numbers.map((n) => `acme/calc#${String(n)}`));

describe("admitUntilDone: a cycle's picks of a working target", () => {
  it.each<[string, { runs: number; spend: number | null }, number[], number[]]>([
    ["within the runs left before a pause", { runs: 2, spend: null }, [1, 2, 9], [3]],
    [
      "within the cap: the pick that reaches it is the last",
      { runs: 9, spend: 15 },
      [1, 2, 9],
      [3],
    ],
    ["nothing left under the cap", { runs: 9, spend: 0 }, [9], [1, 2, 3]],
    ["no failures left", { runs: 0, spend: null }, [9], [1, 2, 3]],
  ])("%s", (_name, allowance, kept, paced) => {
    const plan = planOf([task(1), task(2), task(9), task(3)]);
    const untilDone = emptyUntilDonePlan();
    untilDone.allowances.push({ target, keys: keys(1, 2, 3), ...allowance });
    admitUntilDone(plan, untilDone);
    expect(plan.picked.map((p) => p.task.issue.number)).toEqual(kept);
    const skipped = plan.repos[0]?.skipped ?? [];
    expect(skipped.map((s) => s.task.issue.number)).toEqual(paced);
    if (skipped[0]) {
      expect(describeSkip(skipped[0].reason)).toBe(
        "until done: label `epic`'s other runs this cycle take what its pause or cap allows",
      );
    }
  });
});
