import { describe, expect, it } from "vitest";
import type { SessionOutcome } from "../../src/report/outcome.js";
import type { RunOutcome } from "../../src/run/outcome.js";
import type { Task } from "../../src/queue/task.js";
import { readDataBlock } from "../../src/report/data.js";
import { renderMorningReport } from "../../src/report/morning.js";
import { renderProgress } from "../../src/report/progress.js";
import { GITHUB_BODY_LIMIT } from "../../src/report/size.js";

const repo = { owner: "acme", repo: "calculator" };

function task(number: number, title: string, extra: Partial<Task> = {}): Task {
  return {
    repo,
    issue: {
      number,
      title,
      body: "",
      labels: [],
      author: "alice",
      authorType: "User",
      createdAt: "2026-01-01T00:00:00Z",
      state: "open",
    },
    priority: "high",
    category: "bug",
    cost: 10,
    problems: [],
    ...extra,
  };
}

/** The first element, or a clear failure (no non-null assertions). */
function first<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error("empty fixture");
  return item;
}

const base = { gates: [], cost: { estimated: 10 }, durationMs: 600_000 };
const runs: RunOutcome[] = [
  {
    ...base,
    runId: "s:acme/calculator#1",
    task: task(1, "sum() ignores the first value", { priority: "critical" }),
    status: "shipped",
    pr: { number: 21, url: "https://github.example/acme/calculator/pull/21", draft: false },
    gates: [
      {
        name: "test",
        passed: true,
        exitCode: 0,
        durationMs: 1000,
        outputTail: "ok",
        logFile: "/var/lib/nightshift/logs/s/ok.log",
        timedOut: false,
      },
    ],
    cost: { estimated: 10, turns: 12, usd: 0.42 },
    startedAt: "2026-01-05T23:02:00.000Z",
  },
  {
    ...base,
    task: task(2, "Docs: explain | pipes"),
    status: "no-change",
    reason: "the agent changed nothing",
    startedAt: "2026-01-05T23:03:00.000Z",
  },
  {
    ...base,
    task: task(5, "mean() of an empty list is NaN"),
    status: "failed",
    reason: "gate `test` failed; draft PR opened",
    pr: { number: 22, url: "https://github.example/acme/calculator/pull/22", draft: true },
    gates: [
      {
        name: "test",
        passed: false,
        exitCode: 1,
        durationMs: 2000,
        outputTail: "TAP version 13\nnot ok 1 - mean of []\n  expected 0, got NaN",
        timedOut: false,
        logFile: "/var/lib/nightshift/logs/s/gate.log",
      },
    ],
    startedAt: "2026-01-05T23:30:00.000Z",
  },
  {
    ...base,
    task: task(8, "Flaky network test"),
    status: "failed",
    reason: "agent timed out",
    logFile: "/var/lib/nightshift/logs/s/agent.log",
    startedAt: "2026-01-06T00:00:00.000Z",
  },
  {
    ...base,
    task: task(9, "Parser rewrite"),
    status: "failed",
    reason: "interrupted while running (the host stopped); queued again",
    interrupted: "interrupted while running (the host stopped)",
    startedAt: "2026-01-06T00:30:00.000Z",
  },
];

const session: SessionOutcome = {
  sessionId: "night@2026-01-05",
  startedAt: "2026-01-05T23:00:00.000Z",
  finishedAt: "2026-01-06T07:00:00.000Z",
  repos: [
    {
      repo,
      runs,
      skipped: [
        {
          task: task(4, "Add median()", { category: "feature", priority: "medium" }),
          reason: { kind: "needs-approval", requirement: 'category "feature"' },
        },
        {
          task: task(10, "Depends on #4"),
          reason: { kind: "waits-for", blockers: [{ ...repo, number: 4 }] },
        },
        {
          task: task(6, "Tidy the changelog", { priority: "low" }),
          reason: {
            kind: "quota-threshold",
            priority: "low",
            threshold: 40,
            remaining: 35,
            unit: "prompts",
          },
        },
        {
          task: task(11, "Migrate the build", { size: "XL" }),
          reason: { kind: "window-time", window: "night", size: "XL", hours: 12, hoursLeft: 8 },
        },
      ],
      problems: [],
    },
  ],
  quota: {
    unit: "prompts",
    limit: 100,
    remainingBefore: 80,
    remainingAfter: 30,
    spent: 50,
    unknown: undefined,
  },
  host: {
    problems: ["runner disk 91% full (limit 80%)"],
    blocked: false,
    fixed: ["deleted 3 logs older than 30 days"],
  },
  paused: "3 runs failed in a row (the last: #9, interrupted)",
  nextUp: [task(6, "Tidy the changelog", { priority: "low" })],
  running: [
    {
      runId: "night@2026-01-05/acme/calc#12/1",
      task: task(12, "Long refactor"),
      startedAt: "2026-01-06T06:00:00.000Z",
    },
  ],
};

const third = runs[2] ?? first(runs);

describe("the morning report", () => {
  it("has every section of PRODUCT.md §6 for a night with every kind of outcome", () => {
    const body = renderMorningReport(first(session.repos), session);
    expect(body).toMatchSnapshot();
    for (const heading of [
      "Session paused",
      "✅ Shipped",
      "⏳ Still running",
      "❌ Failed",
      "⏭️ Skipped",
      "🩺 Host",
      "📊 Quota",
      "🔜 Next up",
      "```mermaid",
      "gantt",
      "nightshift:data",
    ]) {
      expect(body).toContain(heading);
    }
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
  });

  it("carries the same data as JSON, readable back", () => {
    const data = readDataBlock(renderMorningReport(first(session.repos), session));
    expect(data?.runs.map((run) => [run.issue.number, run.status])).toEqual([
      [1, "shipped"],
      [2, "no-change"],
      [5, "failed"],
      [8, "failed"],
      [9, "failed"],
    ]);
    expect(data?.skipped).toHaveLength(4);
    expect(data?.running.map((run) => run.issue.number)).toEqual([12]);
  });

  it("says which runs were follow-ups on an existing pull request (version 2)", () => {
    const followUp: RunOutcome = {
      ...base,
      task: task(3, "sum() of strings", { followUp: true }),
      status: "shipped",
      followUp: true,
      pr: { number: 20, url: "https://github.example/acme/calculator/pull/20", draft: false },
      startedAt: "2026-01-05T23:40:00.000Z",
    };
    // Interrupted before its push: still a follow-up (its task asked for one), with no PR yet.
    const interrupted: RunOutcome = {
      ...base,
      task: task(4, "mean() of strings", { followUp: true }),
      status: "interrupted",
      reason: "interrupted while running (the host stopped); queued again",
      startedAt: "2026-01-05T23:50:00.000Z",
    };
    const night = { ...first(session.repos), runs: [first(runs), followUp, interrupted] };
    const data = readDataBlock(renderMorningReport(night, { ...session, repos: [night] }));
    expect(data?.version).toBeGreaterThanOrEqual(2);
    expect(data?.runs.map((run) => [run.issue.number, run.followUp, run.pr?.number])).toEqual([
      [1, false, 21],
      [3, true, 20],
      [4, true, undefined],
    ]);
  });

  it("speaks in dollars under the usd quota: costs, the quota line, quota skips", () => {
    const usdRun: RunOutcome = {
      ...base,
      task: task(1, "sum() ignores the first value", { cost: 0.42 }),
      status: "shipped",
      pr: { number: 21, url: "https://github.example/acme/calculator/pull/21", draft: false },
      cost: { estimated: 0.42, turns: 12, usd: 0.38 },
      startedAt: "2026-01-05T23:02:00.000Z",
    };
    const night = {
      ...first(session.repos),
      runs: [usdRun],
      skipped: [
        {
          task: task(6, "Tidy the changelog", { priority: "low", cost: 2 }),
          reason: {
            kind: "quota-threshold" as const,
            priority: "low" as const,
            threshold: 10,
            remaining: 7.5,
            unit: "usd" as const,
          },
        },
      ],
    };
    const quota = {
      ...session.quota,
      unit: "usd" as const,
      limit: 40,
      remainingAfter: 12.5,
      spent: 1.2,
    };
    const body = renderMorningReport(night, { ...session, quota });
    expect(body).toContain("| $0.42 (est.), 12 turns, $0.38 |");
    expect(body).toContain("Estimated use this session: $1.20; $12.50 of $40 remain.");
    expect(body).toContain("only while more than $10 remain ($7.50 left)");
    expect(body).not.toMatch(/\bprompts\b/);
    const data = readDataBlock(body);
    expect(data?.version).toBe(3);
    expect(data?.quota.unit).toBe("usd");
  });

  it("cannot be closed early by a title holding an HTML comment end", () => {
    const sneaky = {
      ...first(session.repos),
      runs: [{ ...first(runs), task: task(1, "evil --> <script>") }],
    };
    const body = renderMorningReport(sneaky, { ...session, repos: [sneaky] });
    const data = readDataBlock(body);
    expect(data?.runs[0]?.issue.title).toBe("evil --> <script>");
    const block = body.slice(body.indexOf("<!-- nightshift:data"));
    expect(block.match(/-->/g)).toHaveLength(1);
  });

  it("asks for attention to data grown past its limit, without calling it a blocking problem", () => {
    const body = renderMorningReport(first(session.repos), {
      ...session,
      host: { problems: [], blocked: false, warnings: ["logs use 3.0 GB (over 2.0 GB)"] },
    });
    expect(body).toContain("- **needs attention**: logs use 3.0 GB (over 2.0 GB)");
    expect(body).not.toContain("no new runs started");
  });

  it("says why the quota is unknown", () => {
    const body = renderMorningReport(first(session.repos), {
      ...session,
      quota: { ...session.quota, unknown: "quota endpoint q.example failed: HTTP 502" },
    });
    expect(body).toContain(
      "Quota unknown: quota endpoint q.example failed: HTTP 502. Only critical work ran.",
    );
  });

  it("stays within GitHub's comment limit for a huge night, and says what it left out", () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({
      task: task(100 + i, `A long issue title number ${i} `.repeat(4)),
      reason: { kind: "needs-approval" as const, requirement: 'category "feature"' },
    }));
    const huge = Array.from({ length: 400 }, (_, i) => ({
      ...third,
      task: task(5000 + i, `Failure ${i}`),
      gates: [{ ...first(third.gates), outputTail: "not ok\n" + "x".repeat(3000) }],
    }));
    const night = { ...first(session.repos), runs: huge, skipped: many };
    const body = renderMorningReport(night, { ...session, repos: [night] });
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT - 200);
    expect(body).toMatch(/…and \d+ more|cut to fit GitHub's comment size limit/);
    expect(body).toContain("📊 Quota");
  });
});

describe("the progress comment", () => {
  it("lists finished and running work in one short comment", () => {
    const body = renderProgress(first(session.repos), session, new Date("2026-01-06T01:00:00Z"));
    expect(body).toContain("✅ #1 sum() ignores the first value → #21");
    expect(body).toContain("⏳ #12 Long refactor (running)");
    expect(body).toContain("**Paused:**");
  });
});
