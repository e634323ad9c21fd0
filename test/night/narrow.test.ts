import { describe, expect, it } from "vitest";
import { crashHookFromEnv } from "../../src/night/crash.js";
import { narrowPlan, nextUp } from "../../src/night/narrow.js";
import type { RepoPlan, SessionPlan } from "../../src/queue/plan-types.js";
import { FailureStreak } from "../../src/night/streak.js";
import type { Task } from "../../src/queue/task.js";
import type { Priority, Size } from "../../src/types.js";
import { window } from "../schedule/helpers.js";
import { describeSkip } from "../../src/queue/skip-reason.js";

const repo = { owner: "acme", repo: "calc" };
const task = (number: number, priority: Priority, cost: number, size?: Size): Task => ({
  repo,
  issue: {
    number,
    title: `issue ${number}`,
    body: "",
    labels: [],
    author: "a",
    authorType: "User",
    createdAt: "2026-01-01T00:00:00Z",
    state: "open",
  },
  priority,
  cost,
  size,
  problems: [],
});

function planOf(tasks: Task[]): SessionPlan {
  const repoPlan = { eligible: tasks, skipped: [], problems: [] } as unknown as RepoPlan;
  return {
    repos: [repoPlan],
    picked: tasks.map((t) => ({ task: t, plan: repoPlan })),
    unit: "prompts",
  };
}

const picked = (plan: SessionPlan) => plan.picked.map((p) => p.task.issue.number);
const reasons = (plan: SessionPlan) =>
  plan.repos.flatMap((r) =>
    r.skipped.map((s) => `#${s.task.issue.number}: ${describeSkip(s.reason)}`),
  );
const night = {
  window: window({ sizes: ["S", "M"] }),
  closesAt: new Date("2026-01-06T07:00:00Z"),
};
const base = {
  now: new Date("2026-01-06T01:00:00Z"),
  quota: { unit: "prompts" as const, limit: 100, remaining: 90 },
  spentThisSession: 0,
};

describe("narrowPlan", () => {
  it("lets only critical work through when the quota is unknown", () => {
    const plan = narrowPlan(planOf([task(1, "critical", 5), task(2, "high", 5)]), {
      ...base,
      quota: {
        unit: "prompts",
        limit: 100,
        remaining: null,
        unknown: "quota endpoint q failed: HTTP 502",
      },
    });
    expect(picked(plan)).toEqual([1]);
    expect(reasons(plan)).toEqual([
      "#2: quota unknown (quota endpoint q failed: HTTP 502): only critical runs",
    ]);
  });

  it("skips tasks too big for the window or the time left in it", () => {
    const plan = narrowPlan(
      planOf([task(1, "high", 5, "S"), task(2, "high", 5, "L"), task(3, "high", 5)]),
      { ...base, occurrence: night },
    );
    expect(picked(plan)).toEqual([1, 3]);
    expect(reasons(plan)[0]).toMatch(/^#2: too big for the window: /);
  });

  it("keeps the per-session cap, counting what the session already spent", () => {
    const plan = narrowPlan(planOf([task(1, "high", 10), task(2, "high", 10), task(3, "low", 5)]), {
      ...base,
      sessionCap: 30,
      spentThisSession: 12,
    });
    expect(picked(plan)).toEqual([1, 3]);
    expect(reasons(plan)).toEqual([
      "#2: per-session cap: 8 prompts left of the 30 this session may use",
    ]);
  });

  it("starts nothing after the window closed, or when stopped", () => {
    const closed = narrowPlan(planOf([task(1, "critical", 1)]), {
      ...base,
      now: night.closesAt,
      occurrence: night,
    });
    expect(reasons(closed)).toEqual(['#1: the "night" window has closed']);
    const stopped = narrowPlan(planOf([task(1, "critical", 1)]), {
      ...base,
      stop: { kind: "host-problem", problems: ["runner disk 95% full (limit 80%)"] },
    });
    expect(picked(stopped)).toEqual([]);
    expect(nextUp(stopped).map((t) => t.issue.number)).toEqual([1]);
  });
});

describe("the failure streak", () => {
  it.each([
    [
      [true, true, true],
      [false, false, true],
    ],
    [
      [true, true, false, true, true],
      [false, false, false, false, false],
    ],
    [
      [false, true, true, true, true],
      [false, false, false, true, false],
    ],
  ])("failures %j pause at %j", (failures, pauses) => {
    const streak = new FailureStreak();
    expect(failures.map((failed) => streak.record(failed))).toEqual(pauses);
  });
});

describe("crash points from the environment", () => {
  it("kills at the n-th time the named point is reached, and refuses unknown names", () => {
    let kills = 0;
    const hook = crashHookFromEnv("after-spend:2", () => (kills += 1));
    hook("after-plan");
    hook("after-spend");
    expect(kills).toBe(0);
    hook("after-spend");
    expect(kills).toBe(1);
    expect(() => crashHookFromEnv("nowhere", () => undefined)).toThrow(
      'unknown crash point "nowhere"',
    );
    expect(crashHookFromEnv(undefined, () => undefined)).toBeTypeOf("function");
  });
});
