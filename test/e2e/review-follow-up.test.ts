import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loadScenarioFile,
  startSimulator,
  type PullView,
  type Simulator,
} from "../../packages/simulator/src/index.js";
import { nightshiftApp } from "../../src/app.js";
import { scenarioHostConfig } from "../../src/demo/host.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { KeyedWorkQueue } from "../../src/github/work-queue.js";
import { startNightshiftServer, type NightshiftServer } from "../../src/server/start.js";
import { Journal } from "../../src/store/journal.js";
import { processOwnerId } from "../../src/store/owner.js";
import { NightClock, playNight } from "../support/scheduled-night.js";
import { nightOnGitHub } from "../support/night-view.js";

const scenarioPath = fileURLToPath(new URL("../../fixtures/scenarios/review.yml", import.meta.url));
const SECRET = "review-follow-up";
const REPO = "acme/calculator";
const FIRST = "night@2026-01-05";
const SECOND = "night@2026-01-06";
const silent = pino({ level: "silent" });

let sim: Simulator;
let server: NightshiftServer;
let queue: KeyedWorkQueue;
let dataDir: string;
let journal: Journal;
let firstPull: PullView;
let labelsAfterOutsiders: string[];
let labelsAfterReview: string[];
let refusal: string[];
let ranSecond: string[];

const pulls = (): PullView[] => sim.state.pulls(REPO);
const theOnlyPull = (): PullView => {
  const [pull, ...rest] = pulls();
  if (!pull || rest.length > 0) throw new Error(`expected one pull request, got ${pulls().length}`);
  return pull;
};
const git = async (...args: string[]): Promise<string> =>
  (await execa("git", ["--git-dir", sim.gitDir(REPO), ...args])).stdout;

/** Until a pass delivers nothing new: the bot's work makes webhooks of its own. */
async function settle(): Promise<void> {
  for (let seen = -1; seen !== sim.deliveries.length || queue.size > 0;) {
    seen = sim.deliveries.length;
    await sim.idle();
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
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const { scenario, scenarioDir } = await loadScenarioFile(scenarioPath);
  sim = await startSimulator({ scenario, scenarioDir, webhookSecret: SECRET });
  dataDir = await mkdtemp(join(tmpdir(), "nightshift-review-"));
  journal = Journal.open(dataDir);
  const host = scenarioHostConfig(scenario.host, scenarioDir, dataDir);
  const probot = new Probot({
    appId: sim.appId,
    privateKey: sim.privateKey,
    baseUrl: sim.apiUrl,
    secret: SECRET,
    log: silent,
    Octokit: UnthrottledOctokit,
  });
  queue = new KeyedWorkQueue({ concurrency: 2, maxPending: 1000, logger: silent });
  server = await startNightshiftServer({
    app: nightshiftApp({ queue }),
    probot,
    log: silent,
    host: "127.0.0.1",
    port: 0,
  });
  sim.setWebhookUrl(`${server.url}/api/github/webhooks`);
  const night = (date: string) => ({
    probot,
    host,
    journal,
    logger: silent,
    clock: new NightClock(new Date(`${date}T21:30:00Z`)),
    until: new Date(new Date(`${date}T21:30:00Z`).getTime() + 4 * 3_600_000),
    owner: processOwnerId(),
  });

  await playNight(night("2026-01-05"));
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

  ranSecond = await playNight(night("2026-01-06"));
  await settle();
}, 240_000);

afterAll(async () => {
  await server.stop();
  journal.close();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("a review follow-up over two nights", () => {
  it("ships one pull request for the issue on night 1", () => {
    expect(firstPull.state).toBe("open");
    expect(firstPull.body).toContain("Closes #1");
    expect(nightOnGitHub(sim, journal, FIRST).repo(REPO).summary).toBe(
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
    expect(nightOnGitHub(sim, journal, SECOND).pullsPerIssue(REPO).get(1)).toBe(1);
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
    expect(sim.state.labelsOf(REPO, 1)).not.toContain("nightshift: follow-up");
  });

  it("lists the follow-up in a morning report that equals the journal", () => {
    const view = nightOnGitHub(sim, journal, SECOND).repo(REPO);
    expect(view.reports).toHaveLength(1);
    expect(view.summary).toBe(view.journalSummary);
    expect(view.summary).toBe("1 runs: 1 shipped, 0 failed · 0 skipped");
    expect(view.reportedRunIds).toEqual(view.journalRunIds);
    expect(view.reports[0]).toContain(`| #${String(firstPull.number)} (follow-up commit) |`);
  });

  it("makes no request GitHub's OpenAPI description refuses", () => {
    expect(sim.violations).toEqual([]);
  });
});
