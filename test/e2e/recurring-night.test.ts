import { beforeAll, describe, expect, it } from "vitest";
import { scenarioNight } from "../support/scenario-night.js";

const REPO = "acme/chores";
const world = scenarioNight("recurring.yml", "recurring");

let ran: string[];
/** The chores issues after the first evening's preview, and after each night. */
const seen: { afterPreview: string[]; firstNight: string[]; secondNight: string[] } = {
  afterPreview: [],
  firstNight: [],
  secondNight: [],
};

const issueTitles = () =>
  world.sim.state
    .issues(REPO)
    .filter((issue) => !issue.isPullRequest && !issue.labels.includes("nightshift: report"))
    .map((issue) => `#${String(issue.number)} ${issue.title} (${issue.state})`);

/**
 * Two scheduled nights on a fake clock against the simulator, for a repository with a daily
 * recurring task: the first preview opens the day's occurrence before the window, the night
 * runs it, and the second evening opens no second issue while the first is open.
 */
beforeAll(async () => {
  ran = await world.play({
    until: new Date("2026-01-06T01:30:00Z"),
    afterTick: (keys) => {
      if (keys.includes("night@2026-01-05#preview")) seen.afterPreview = issueTitles();
    },
  });
  seen.firstNight = issueTitles();
  world.clock.advance(20 * 3_600_000);
  ran.push(...(await world.play({ until: new Date("2026-01-07T01:30:00Z") })));
  seen.secondNight = issueTitles();
}, 240_000);

describe("a recurring task over two nights", () => {
  it("plays both nights' previews, cycles and reports", () => {
    expect(ran.filter((key) => key.endsWith("#preview") || key.endsWith("#report"))).toEqual([
      "night@2026-01-05#preview",
      "night@2026-01-05#report",
      "night@2026-01-06#preview",
      "night@2026-01-06#report",
    ]);
  });

  it("opens the day's occurrence before the window, labelled and marked", () => {
    expect(seen.afterPreview).toEqual(["#1 Refresh the changelog (2026-01-05) (open)"]);
    const [issue] = world.sim.state.issues(REPO);
    expect(issue?.body).toBe(
      "Add today's entries to CHANGELOG.md.\n\n<!-- nightshift:recurring:changelog:2026-01-05 -->",
    );
    expect(issue?.labels).toEqual(expect.arrayContaining(["priority: medium", "category: docs"]));
  });

  it("runs it that night like any other issue: a pull request that closes it", () => {
    const [run] = world.journal.runsOf("night@2026-01-05");
    expect(run).toMatchObject({ repo: REPO, issue: 1, outcome: { status: "shipped" } });
    const pulls = world.sim.state.pulls(REPO);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]?.body).toContain("Closes #1");
  });

  it("opens no second issue the next evening while the first is still open", () => {
    expect(seen.firstNight).toEqual(["#1 Refresh the changelog (2026-01-05) (open)"]);
    expect(seen.secondNight).toEqual(seen.firstNight);
    expect(world.journal.runsOf("night@2026-01-06")).toEqual([]);
  });
});
