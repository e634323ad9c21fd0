import { describe, expect, it } from "vitest";
import { renderPlan } from "../../src/cli/render-plan.js";
import { renderQueue } from "../../src/cli/render-queue.js";
import { estimateText } from "../../src/queue/estimate-text.js";
import type { SessionPlan } from "../../src/queue/plan-types.js";
import { describeSkip, SkipReasonSchema, type SkipReason } from "../../src/queue/skip-reason.js";
import type { Task } from "../../src/queue/task.js";
import { amountText, figureText, type QuotaUnit } from "../../src/quota/unit.js";
import { renderPlanReply } from "../../src/report/plan-reply.js";
import { renderPreview } from "../../src/report/preview.js";
import { FakeGitHub } from "../unit/fake-port.js";
import { task } from "../unit/helpers.js";

// One night's figures, read in each unit: a cost of 0.42 is "0.42 prompts" only in a test.
const cheap = task({ number: 1, priority: "high", cost: 0.42 });
const calibrated: Task = {
  ...task({ number: 2, priority: "medium", cost: 2.5 }),
  estimate: { basis: "calibrated", runs: 7, scope: "category+agent", default: 10 },
};
const skipped: { reason: SkipReason; prompts: string; usd: string }[] = [
  {
    reason: { kind: "quota-buffer", remaining: 5, limit: 40, bufferPercent: 20, unit: "prompts" },
    prompts: "quota: 5 of 40 prompts left, below the 20% safety buffer",
    usd: "quota: $5 of $40 left, below the 20% safety buffer",
  },
  {
    reason: {
      kind: "quota-threshold",
      priority: "low",
      threshold: 40,
      remaining: 12.5,
      unit: "prompts",
    },
    prompts: "quota: low priority runs only while more than 40 prompts remain (12.5 left)",
    usd: "quota: low priority runs only while more than $40 remain ($12.50 left)",
  },
  {
    reason: { kind: "quota-cost", cost: 3, remaining: 1.25, unit: "prompts" },
    prompts: "quota: estimated cost 3 exceeds the 1.25 prompts left",
    usd: "quota: estimated cost $3 exceeds the $1.25 left",
  },
  {
    reason: { kind: "session-cap", left: 0.5, cap: 20, unit: "prompts" },
    prompts: "per-session cap: 0.5 prompts left of the 20 this session may use",
    usd: "per-session cap: $0.50 left of the $20 this session may use",
  },
];

const withUnit = (reason: SkipReason, unit: QuotaUnit): SkipReason =>
  "unit" in reason ? { ...reason, unit } : reason;

function planIn(unit: QuotaUnit): SessionPlan {
  const repoPlan: SessionPlan["repos"][number] = {
    target: { ref: { owner: "acme", repo: "calc" }, github: new FakeGitHub() },
    eligible: [cheap, calibrated],
    skipped: [
      {
        task: task({ number: 3, priority: "low", cost: 3 }),
        reason: withUnit(skipped[2]?.reason ?? { kind: "on-hold" }, unit),
      },
    ],
    problems: [],
  };
  return {
    repos: [repoPlan],
    picked: [cheap, calibrated].map((t) => ({ task: t, plan: repoPlan })),
    unit,
  };
}

describe("figures in the quota's unit", () => {
  it.each([
    ["prompts", 5, "5 prompts", "5"],
    ["prompts", 2.5, "2.5 prompts", "2.5"],
    ["usd", 40, "$40", "$40"],
    ["usd", 12.5, "$12.50", "$12.50"],
    ["usd", 0.42, "$0.42", "$0.42"],
    ["usd", 0.1 + 0.2, "$0.30", "$0.30"],
  ] as const)("%s %d → %s", (unit, value, amount, figure) => {
    expect(amountText(unit, value)).toBe(amount);
    expect(figureText(unit, value)).toBe(figure);
  });

  it.each([
    ["prompts", cheap, "0.42 prompts est."],
    ["usd", cheap, "$0.42 est."],
    [
      "prompts",
      calibrated,
      "2.5 prompts est., calibrated from 7 past runs of this category and agent (default 10)",
    ],
    [
      "usd",
      calibrated,
      "$2.50 est., calibrated from 7 past runs of this category and agent (default $10)",
    ],
  ] as const)("a task's estimate in %s", (unit, t, text) => {
    expect(estimateText(t, unit)).toBe(text);
  });

  it.each(skipped)("a $reason.kind skip in either unit", ({ reason, prompts, usd }) => {
    expect(describeSkip(withUnit(reason, "prompts"))).toBe(prompts);
    expect(describeSkip(withUnit(reason, "usd"))).toBe(usd);
  });

  it("reads a quota skip recorded before units as prompts", () => {
    const old = SkipReasonSchema.parse({ kind: "quota-cost", cost: 3, remaining: 1 });
    expect(describeSkip(old)).toBe("quota: estimated cost 3 exceeds the 1 prompts left");
  });
});

describe("plans rendered in the quota's unit", () => {
  const opensAt = new Date("2026-01-05T22:00:00Z");
  it.each([
    {
      unit: "prompts" as const,
      preview: ["1. #1 Issue 1 (high, 0.42 prompts est.)", "(medium, 2.5 prompts est., calibrated"],
      cli: "[high, 0.42 prompts est.]",
      queue: "estimated cost of what would run: 2.92 prompts",
      reply: ["(8 of 60 prompts left;", "— high, cost 0.42", "exceeds the 1.25 prompts left"],
    },
    {
      unit: "usd" as const,
      preview: ["1. #1 Issue 1 (high, $0.42 est.)", "(medium, $2.50 est., calibrated"],
      cli: "[high, $0.42 est.]",
      queue: "estimated cost of what would run: $2.92",
      reply: ["($8 of $60 left;", "— high, cost $0.42", "exceeds the $1.25 left"],
    },
  ])("$unit", ({ unit, preview, cli, queue, reply }) => {
    const plan = planIn(unit);
    const [repoPlan] = plan.repos;
    if (!repoPlan) throw new Error("no repository plan");
    const previewText = renderPreview(repoPlan, plan, opensAt);
    for (const line of preview) expect(previewText).toContain(line);
    expect(previewText).toContain(
      `#3 Issue 3: ${describeSkip(repoPlan.skipped[0]?.reason ?? { kind: "on-hold" })}`,
    );
    expect(renderPlan(plan)).toContain(cli);
    expect(renderQueue(plan, { stats: true })).toContain(queue);
    const replyText = renderPlanReply(
      repoPlan,
      { picked: [cheap], skipped: [] },
      { unit, limit: 60, remaining: 8 },
    );
    for (const part of reply) expect(replyText).toContain(part);
    // Nothing in a usd plan speaks of prompts; a prompts plan names no dollars.
    const all = [previewText, renderPlan(plan), renderQueue(plan), replyText].join("\n");
    if (unit === "usd") expect(all).not.toMatch(/\bprompts\b/);
    else expect(all).not.toContain("$");
  });
});
