import { describe, expect, it } from "vitest";
import type { RepoPlan } from "../../src/queue/plan-types.js";
import type { Task } from "../../src/queue/task.js";
import { newlyTicked, untick } from "../../src/approval/ticks.js";
import { renderDashboard, sameDashboard } from "../../src/report/dashboard.js";
import { dashboardView } from "../../src/report/post-dashboard.js";

const repo = { owner: "acme", repo: "calculator" };
const task = (number: number, title: string): Task => ({
  repo,
  issue: {
    number,
    title,
    body: "",
    labels: [],
    author: "a",
    authorType: "User",
    createdAt: "2026-01-01T00:00:00Z",
    state: "open",
  },
  priority: "medium",
  cost: 5,
  problems: [],
});

const plan: Pick<RepoPlan, "eligible" | "skipped"> = {
  eligible: [task(1, "Fix sum")],
  skipped: [
    {
      task: task(4, "Add median()"),
      reason: { kind: "needs-approval", requirement: 'category "feature"' },
    },
    {
      task: task(7, "Typo"),
      reason: { kind: "needs-approval", requirement: "written by someone without write access" },
    },
    {
      task: task(9, "Blocked"),
      reason: { kind: "waits-for", blockers: [{ ...repo, number: 4 }] },
    },
  ],
};

describe("the dashboard", () => {
  const body = renderDashboard(plan, new Date("2026-01-05T20:00:00Z"));

  it("lists approvals as boxes, the queue, and what is held back", () => {
    expect(body).toContain(
      '- [ ] #4 Add median() — needs approval (category "feature") <!-- nightshift:approve #4 -->',
    );
    expect(body).toContain("- #1 Fix sum (medium)");
    expect(body).toContain("- #9 Blocked: waits for #4 to be closed");
  });

  it("finds the boxes an edit ticked, and only those", () => {
    const ticked = body.replace("- [ ] #7", "- [x] #7");
    expect(newlyTicked(body, ticked)).toEqual([7]);
    expect(newlyTicked(ticked, ticked)).toEqual([]);
    // A tick typed into free text is not a box.
    expect(newlyTicked(body, `${body}\n- [x] #4 <!-- nightshift:approve #5 --> extra`)).toEqual([]);
  });

  it("reverts a refused tick and leaves the rest as they are", () => {
    const both = body.replace("- [ ] #7", "- [x] #7").replace("- [ ] #4", "- [x] #4");
    const reverted = untick(both, [7]);
    expect(newlyTicked(body, reverted)).toEqual([4]);
    expect(untick(both, [4, 7])).toBe(body);
  });
});

describe("writing the dashboard", () => {
  it("counts a dashboard that differs only in its time as unchanged", () => {
    const earlier = renderDashboard(plan, new Date("2026-01-05T20:00:00Z"));
    const later = renderDashboard(plan, new Date("2026-01-06T07:00:00Z"));
    expect(earlier).not.toBe(later);
    expect(sameDashboard(earlier, later)).toBe(true);
    expect(sameDashboard(earlier, renderDashboard({ ...plan, eligible: [] }, new Date()))).toBe(
      false,
    );
  });

  it("shows the queue less what ran tonight, and quota holds only under their reason", () => {
    const view = dashboardView(
      {
        eligible: [task(1, "Fix sum"), task(2, "Ran"), task(3, "Over quota")],
        skipped: [
          {
            task: task(3, "Over quota"),
            reason: { kind: "quota-cost", cost: 5, remaining: 1, unit: "prompts" },
          },
        ],
      },
      { runs: [{ task: task(2, "Ran") }] as never },
    );
    expect(view.eligible.map((t) => t.issue.number)).toEqual([1]);
    expect(view.skipped.map((s) => s.task.issue.number)).toEqual([3]);
  });
});

describe("the dashboard's repeats", () => {
  const offered = [
    {
      series: "weekly-notes",
      title: "Weekly notes",
      schedule: { weekly: "mon" } as const,
      labels: ["priority: low"],
      occurrences: 5,
      confidence: "high" as const,
    },
  ];
  const adopted = [
    {
      series: "release-notes",
      title: "Release ```notes```",
      schedule: { monthly: 1 } as const,
      labels: [],
      adoptedBy: "maya",
      adoptedAt: "2026-01-05T08:00:00.000Z",
    },
  ];
  const now = new Date("2026-01-05T20:00:00Z");

  it("offers each suggestion as a box, and lists the adopted ones with their YAML", () => {
    const body = renderDashboard(plan, now, { offered, adopted });
    expect(body).toContain(
      "- [ ] Weekly notes — weekly on Monday, 5 closed issues, high confidence <!-- nightshift:repeat weekly-notes -->",
    );
    expect(body).toContain(
      "- Release ```notes``` — monthly on day 1, adopted by @maya on 2026-01-05",
    );
    // The title's backticks cannot close the YAML's fence.
    expect(body).toContain("````yaml\nrecurring:\n  - title: Release ```notes```\n");
    expect(body).toMatch(/monthly: 1\n````\n$/);
  });

  it("says nothing of repeats when there are none", () => {
    expect(renderDashboard(plan, now, { offered: [], adopted: [] })).toBe(
      renderDashboard(plan, now),
    );
    expect(renderDashboard(plan, now)).not.toContain("Repeats");
  });
});
