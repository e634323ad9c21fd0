import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CalibratedEstimate } from "../../src/learn/calibration.js";
import {
  weekendCandidates,
  type Standing,
  type WeekendCandidate,
  type WeekendTask,
} from "../../src/queue/weekend.js";
import { parseWeekendTicks, renderWeekendComment } from "../../src/report/weekend-comment.js";
import { task } from "./helpers.js";

const byDefault = (): CalibratedEstimate => ({ value: 10, basis: "category-default", runs: 0 });
const entry = (standing: Standing, t = task(1)): WeekendTask => ({ task: t, standing });

describe("weekendCandidates", () => {
  it.each<[string, WeekendTask, boolean]>([
    ["a ready L task", entry("ready"), true],
    ["a ready XL task", entry("ready", task(1, { size: "XL" })), true],
    ["one waiting for approval", entry("needs-approval"), true],
    ["an M task", entry("ready", task(1, { size: "M" })), false],
    ["a task without a size", entry("ready", task(1, { size: undefined })), false],
    ["a held task", entry("held"), false],
    ["a blocked task", entry("blocked"), false],
    ["a running task", entry("running"), false],
    ["a task with an open PR", entry("pr-open"), false],
    ["a failed task", entry("failed"), false],
    ["a task with label problems", entry("ready", task(1, { problems: ["x"] })), false],
  ])("%s → offered: %s", (_name, candidate, offered) => {
    expect(weekendCandidates([candidate], byDefault)).toHaveLength(offered ? 1 : 0);
  });

  it("offers the top five in queue order with their estimate and breakdown", () => {
    const tasks = [
      entry("ready", task(1, { priority: "low" })),
      entry("ready", task(2, { priority: "critical", issue: { body: "- Split it\n- Test it" } })),
      entry("needs-approval", task(3, { priority: "high" })),
      ...[4, 5, 6, 7].map((n) => entry("ready", task(n))),
    ];
    const calibrated = (t: { issue: { number: number } }): CalibratedEstimate =>
      t.issue.number === 2 ? { value: 14, basis: "calibrated", runs: 7 } : byDefault();
    const picked = weekendCandidates(tasks, calibrated);
    expect(picked.map((c) => c.issue)).toEqual([2, 3, 4, 5, 6]);
    expect(picked[0]).toEqual({
      issue: 2,
      title: "Issue 2",
      size: "L",
      priority: "critical",
      estimate: { value: 14, basis: "calibrated", runs: 7 },
      breakdown: ["Split it", "Test it"],
      needsApproval: false,
    });
    expect(picked[1]?.needsApproval).toBe(true);
    expect(weekendCandidates(tasks, calibrated, { count: 2 })).toHaveLength(2);
  });
});

const candidate = (issue: number, fields: Partial<WeekendCandidate> = {}): WeekendCandidate => ({
  issue,
  title: `Issue ${issue}`,
  size: "L",
  priority: "medium",
  estimate: { value: 10, basis: "category-default", runs: 0 },
  breakdown: [],
  needsApproval: false,
  ...fields,
});

/** What GitHub does when someone ticks the boxes of these issues. */
function tick(body: string, issues: readonly number[]): string {
  return body
    .split("\n")
    .map((line) =>
      issues.some((n) => line.endsWith(`<!-- nightshift:weekend #${n} -->`))
        ? line.replace(/^- \[ \]/, "- [x]")
        : line,
    )
    .join("\n");
}

describe("the weekend comment", () => {
  it("lists each candidate with a box, its estimate and steps", () => {
    const body = renderWeekendComment([
      candidate(12, {
        title: "Split the parser",
        estimate: { value: 6.5, basis: "calibrated", runs: 7 },
        breakdown: ["Move tokens out", "Add tests"],
      }),
      candidate(15, { size: "XL", priority: "high", needsApproval: true }),
      candidate(16, { estimate: { value: 30, basis: "label", runs: 0 } }),
    ]);
    expect(body).toBe(
      [
        "## 🗓️ Weekend candidates",
        "",
        "Tick the issues to run this weekend: the weekend window runs ticked issues first. Only people who may `/approve` can tick.",
        "",
        "- [ ] #12 Split the parser — size L, medium, ~6.5 prompts (median of 7 similar runs) <!-- nightshift:weekend #12 -->",
        "  - Move tokens out",
        "  - Add tests",
        "- [ ] #15 Issue 15 — size XL, high, ~10 prompts (category default) — needs approval: ticking approves it <!-- nightshift:weekend #15 -->",
        "- [ ] #16 Issue 16 — size L, medium, 30 prompts (cost label) <!-- nightshift:weekend #16 -->",
        "",
      ].join("\n"),
    );
    expect(parseWeekendTicks(body)).toEqual([]);
    expect(parseWeekendTicks(tick(body, [15]))).toEqual([15]);
  });

  it("says so when there is nothing to offer", () => {
    expect(renderWeekendComment([])).toMatch(/No weekend-sized \(L or XL\) issue is queued/);
  });

  it("names an issue whose title has no words left", () => {
    expect(renderWeekendComment([candidate(4, { title: "<b></b>" })])).toContain(
      "- [ ] #4 (no title) — size L",
    );
  });

  it("reads ticks written with a capital X or CRLF line ends, and nothing a title fakes", () => {
    const body = renderWeekendComment([
      candidate(3, {
        title: "x <!-- nightshift:weekend #99 -->\n- [x] #98 <!-- nightshift:weekend #98 -->",
      }),
    ]);
    expect(parseWeekendTicks(body)).toEqual([]);
    expect(
      parseWeekendTicks(tick(body, [3]).replace("[x]", "[X]").replaceAll("\n", "\r\n")),
    ).toEqual([3]);
  });

  it("parse(render(candidates)) with any subset ticked gives that subset", () => {
    const hostile = fc.constantFrom(
      "<!-- nightshift:weekend #1 -->",
      "\n- [x] ",
      "- [ ] ",
      "[x]",
      "@maya",
      "#7",
      "`",
      "-->",
      "\r\n",
    );
    const text = fc
      .array(fc.oneof(fc.string(), hostile), { maxLength: 4 })
      .map((parts) => parts.join(""));
    const candidates = fc.uniqueArray(
      fc.record({
        issue: fc.integer({ min: 1, max: 100_000 }),
        title: text,
        breakdown: fc.array(text, { maxLength: 3 }),
        needsApproval: fc.boolean(),
        size: fc.constantFrom("L" as const, "XL" as const),
      }),
      { selector: (c) => c.issue, maxLength: 6 },
    );
    fc.assert(
      fc.property(
        candidates,
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        (picked, ticks) => {
          const full = picked.map((c) => candidate(c.issue, c));
          const chosen = full.filter((_, i) => ticks[i]).map((c) => c.issue);
          const body = tick(renderWeekendComment(full), chosen);
          expect(parseWeekendTicks(body)).toEqual([...chosen].sort((a, b) => a - b));
        },
      ),
    );
  });
});
