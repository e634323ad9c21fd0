import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PullView } from "../../packages/simulator/src/index.js";
import { nightshiftApp } from "../../src/app.js";
import { KeyedWorkQueue } from "../../src/github/work-queue.js";
import { startNightshiftServer, type NightshiftServer } from "../../src/server/start.js";
import { nightOnGitHub } from "../support/night-view.js";
import { scenarioNight } from "../support/scenario-night.js";
import { NightClock } from "../support/scheduled-night.js";

const SECRET = "review-follow-up";
const REPO = "acme/calculator";
const FIRST = "night@2026-01-05";
const SECOND = "night@2026-01-06";
const world = scenarioNight("review.yml", SECRET);

let server: NightshiftServer;
let queue: KeyedWorkQueue;
let firstPull: PullView;
let labelsAfterOutsiders: string[];
let labelsAfterReview: string[];
let refusal: string[];
let ranSecond: string[];

const pulls = (): PullView[] => world.sim.state.pulls(REPO);
const theOnlyPull = (): PullView => {
  const [pull, ...rest] = pulls();
  if (!pull || rest.length > 0) throw new Error(`expected one pull request, got ${pulls().length}`);
  return pull;
};
const git = async (...args: string[]): Promise<string> =>
  (await execa("git", ["--git-dir", world.sim.gitDir(REPO), ...args])).stdout;

/** Until a pass delivers nothing new: the bot's work makes webhooks of its own. */
async function settle(): Promise<void> {
  for (let seen = -1; seen !== world.sim.deliveries.length || queue.size > 0;) {
    seen = world.sim.deliveries.length;
    await world.sim.idle();
    await queue.idle();
  }
}

/**
 * Review follow-ups end to end: night 1 ships a pull request for issue #1; between the nights an
 * outsider requests changes (ignored), a read-only collaborator writes `/nightshift fix` (refused
 * with a reply), then sam (write access) requests changes with an inline comment; night 2 pushes
 * a follow-up commit on the same branch. Webhooks reach the server `npm start` runs; the nights
 * are played by the scheduler on a fake clock.
 */
beforeAll(async () => {
  const { sim, probot, logger } = world;
  queue = new KeyedWorkQueue({ concurrency: 2, maxPending: 1000, logger });
  server = await startNightshiftServer({
    app: nightshiftApp({ queue }),
    probot,
    log: logger,
    host: "127.0.0.1",
    port: 0,
  });
  sim.setWebhookUrl(`${server.url}/api/github/webhooks`);
  /** A night played from 21:30 on `date` for four hours, on a clock of its own. */
  const night = (date: string) => {
    const start = new Date(`${date}T21:30:00Z`);
    return world.play({
      clock: new NightClock(start),
      until: new Date(start.getTime() + 4 * 3_600_000),
    });
  };

  await night("2026-01-05");
  await settle();
  firstPull = theOnlyPull();

  await sim.act({
    as: "outsider",
    review: {
      repo: REPO,
      pull: firstPull.number,
      state: "CHANGES_REQUESTED",
      body: "OUTSIDER-TEXT",
    },
  });
  await sim.act({
    as: "rae",
    comment: { repo: REPO, issue: firstPull.number, body: "/nightshift fix" },
  });
  await settle();
  labelsAfterOutsiders = sim.state.labelsOf(REPO, 1);
  refusal = sim.state
    .comments(REPO, firstPull.number)
    .filter((c) => c.authorType === "Bot")
    .map((c) => c.body);

  await sim.act({
    as: "sam",
    review: {
      repo: REPO,
      pull: firstPull.number,
      state: "CHANGES_REQUESTED",
      body: "Please also say what mean([]) returns.",
      comments: [{ path: "README.md", line: 1, body: "Mention the empty list here." }],
    },
  });
  await settle();
  labelsAfterReview = sim.state.labelsOf(REPO, 1);

  ranSecond = await night("2026-01-06");
  await settle();
}, 240_000);

// Before the world closes (scenario-night.ts): the server goes first.
afterAll(() => server.stop());

describe("a review follow-up over two nights", () => {
  it("ships one pull request for the issue on night 1", () => {
    expect(firstPull.state).toBe("open");
    expect(firstPull.body).toContain("Closes #1");
    expect(nightOnGitHub(world.sim, world.journal, FIRST).repo(REPO).summary).toBe(
      "1 runs: 1 shipped, 0 failed · 0 skipped",
    );
  });

  it("ignores an outsider's review and refuses a reader's /nightshift fix with a reply", () => {
    expect(labelsAfterOutsiders).not.toContain("nightshift: follow-up");
    const replies = refusal.filter((body) => body.startsWith("@rae "));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/Nothing was changed\.$/);
    // A review is not a command: the outsider gets no word.
    expect(refusal.filter((body) => body.includes("@outsider"))).toEqual([]);
  });

  it("labels the issue for a follow-up when a writer requests changes", () => {
    expect(labelsAfterReview).toContain("nightshift: follow-up");
  });

  it("pushes a follow-up commit on top of the first, on the same branch and pull request", async () => {
    expect(ranSecond).toContain(`${SECOND}#0`);
    const pull = theOnlyPull();
    expect(pull.number).toBe(firstPull.number);
    expect(pull.head.ref).toBe(firstPull.head.ref);
    expect(pull.head.sha).not.toBe(firstPull.head.sha);
    expect(await git("rev-parse", `${pull.head.sha}^`)).toBe(firstPull.head.sha);
    expect(nightOnGitHub(world.sim, world.journal, SECOND).pullsPerIssue(REPO).get(1)).toBe(1);
  });

  it("gives the agent the writer's review and inline comment, never the outsider's", async () => {
    const review = await git("show", `${theOnlyPull().head.sha}:REVIEW.md`);
    // The text arrives sanitised and fenced, so the markers are plain words.
    expect(review).toContain("### @sam (review)");
    expect(review).toContain("Please also say what");
    expect(review).toContain("### @sam (README.md:1)");
    expect(review).toContain("Mention the empty list here.");
    expect(review).not.toContain("OUTSIDER-TEXT");
    expect(review).not.toContain("@outsider");
    expect(review).not.toContain("@rae");
  });

  it("takes the follow-up label off", () => {
    expect(world.sim.state.labelsOf(REPO, 1)).not.toContain("nightshift: follow-up");
  });

  it("lists the follow-up in a morning report that equals the journal", () => {
    const view = nightOnGitHub(world.sim, world.journal, SECOND).repo(REPO);
    expect(view.reports).toHaveLength(1);
    expect(view.summary).toBe(view.journalSummary);
    expect(view.summary).toBe("1 runs: 1 shipped, 0 failed · 0 skipped");
    expect(view.reportedRunIds).toEqual(view.journalRunIds);
    expect(view.reports[0]).toContain(`| #${String(firstPull.number)} (follow-up commit) |`);
  });

  it("makes no request GitHub's OpenAPI description refuses", () => {
    expect(world.sim.violations).toEqual([]);
  });
});
