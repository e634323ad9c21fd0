import { beforeAll, describe, expect, it } from "vitest";
import { readDataBlock } from "../../src/report/data.js";
import { nightOnGitHub, type NightOnGitHub } from "../support/night-view.js";
import { scenarioNight } from "../support/scenario-night.js";

const SESSION = "night@2026-01-05";
const world = scenarioNight("night.yml", "scheduled");

let ran: string[];
let night: NightOnGitHub;

/**
 * A whole scheduled night, driven by the scheduler on a fake clock against the simulator:
 * the preview (GitHub refuses the abacus one with secondary rate limits until the window
 * opens), four cycles, the report pass. Every report must say exactly what the journal holds.
 */
beforeAll(async () => {
  const { sim } = world;
  sim.faults.add({
    method: "POST",
    pathPattern: /^\/repos\/acme\/abacus\/issues\/\d+\/comments$/,
    status: 403,
    times: 10_000,
    secondaryRateLimit: true,
  });
  ran = await world.play({
    until: new Date("2026-01-06T01:30:00Z"),
    // GitHub is well again once the preview has given up.
    afterTick: (keys) => {
      if (keys.includes(`${SESSION}#preview`)) sim.faults.clear();
    },
  });
  night = nightOnGitHub(sim, world.journal, SESSION);
}, 180_000);

describe("a scheduled night", () => {
  it("runs the preview, every cycle and the report pass once each", () => {
    expect(ran).toEqual([
      `${SESSION}#preview`,
      `${SESSION}#0`,
      `${SESSION}#1`,
      `${SESSION}#2`,
      `${SESSION}#3`,
      `${SESSION}#report`,
    ]);
  });

  it("posts one morning report per repository whose counts are the journal's runs", () => {
    for (const repo of ["acme/calculator", "acme/abacus"]) {
      const view = night.repo(repo);
      expect(view.reports).toHaveLength(1);
      expect(view.summary).toBe(view.journalSummary);
      expect(view.reportedRunIds).toEqual(view.journalRunIds);
    }
  });

  it("ships everything on abacus, and reports the failed gate on calculator", () => {
    expect(night.repo("acme/abacus").summary).toBe("2 runs: 2 shipped, 0 failed · 0 skipped");
    expect(night.repo("acme/calculator").summary).toMatch(
      /^4 runs: 3 shipped, 1 failed · 3 skipped$/,
    );
  });

  it("never lists a run of the session again as skipped", () => {
    for (const repo of ["acme/calculator", "acme/abacus"]) {
      const { data } = night.repo(repo);
      const ranIssues = new Set(data?.runs.map((run) => run.issue.number));
      expect(data?.skipped.filter((skip) => ranIssues.has(skip.issue.number))).toEqual([]);
    }
  });

  it("gives every progress comment its last word", () => {
    for (const repo of ["acme/calculator", "acme/abacus"]) {
      const progress = night.repo(repo).progress;
      expect(progress.length).toBeLessThanOrEqual(1);
      for (const body of progress) expect(body).toContain("is over");
    }
  });

  it("mentions the lost preview in the next comment that got through, once", () => {
    const abacus = night.repo("acme/abacus");
    expect(abacus.previews).toEqual([]);
    const mentions = abacus.comments.filter((body) =>
      body.includes(`The evening preview for \`${SESSION}\` could not be posted`),
    );
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toContain("secondary rate limit");
    // calculator's preview got out, and the night's progress comment took it over
    expect(world.journal.posts.get(SESSION, "acme/calculator", "preview")?.state).toBe("posted");
    expect(night.repo("acme/calculator").previews).toEqual([]);
    expect(night.repo("acme/calculator").progress).toHaveLength(1);
  });

  it("shows needs-approval and the status comment on issues labelled before the app saw them", () => {
    for (const issue of [3, 4, 7]) {
      expect(night.labels("acme/calculator", issue)).toContain("needs-approval");
      expect(night.statusComments("acme/calculator", issue)).toHaveLength(1);
    }
  });

  it("leaves no run open, no issue running, and the session finished", () => {
    expect(world.journal.openRuns()).toEqual([]);
    expect(night.runningLabels()).toEqual([]);
    expect(world.journal.session(SESSION)?.finishedAt).not.toBeNull();
  });

  it("keeps the report data readable", () => {
    expect(readDataBlock(night.repo("acme/abacus").reports[0] ?? "")?.runs).toHaveLength(2);
  });
});
