import { describe, expect, it } from "vitest";
import type { RepoPlan } from "../../src/night/plan.js";
import type { Task } from "../../src/queue/task.js";
import { newlyTicked, renderDashboard, untick } from "../../src/report/dashboard.js";

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
    { task: task(4, "Add median()"), reason: 'needs approval (category "feature")' },
    { task: task(7, "Typo"), reason: "needs approval (written by someone without write access)" },
    { task: task(9, "Blocked"), reason: "blocked by #4" },
  ],
};

describe("the dashboard", () => {
  const body = renderDashboard(plan, new Date("2026-01-05T20:00:00Z"));

  it("lists approvals as boxes, the queue, and what is held back", () => {
    expect(body).toContain(
      '- [ ] #4 Add median() — needs approval (category "feature") <!-- nightshift:approve #4 -->',
    );
    expect(body).toContain("- #1 Fix sum (medium)");
    expect(body).toContain("- #9 Blocked: blocked by #4");
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
