import Bottleneck from "bottleneck";
import { beforeAll, describe, expect, it } from "vitest";
import { WaitingOctokit } from "../../src/github/waiting-octokit.js";
import type { SessionOutcome } from "../../src/report/outcome.js";
import { startSession } from "../../src/night/start.js";
import { describeSkip } from "../../src/queue/skip-reason.js";
import { scenarioNight } from "../support/scenario-night.js";

const REPO = "acme/calculator";

/**
 * The production Octokit (retry and throttling on, rate limits waited out); only the spacing of
 * writes (1 s) and notifications (3 s) is removed so the night takes seconds.
 */
const fastGroup = () => new Bottleneck.Group({ maxConcurrent: 10, minTime: 0 });
const RetryingOctokit = WaitingOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: {
    ...(options.throttle as object),
    write: fastGroup(),
    notifications: fastGroup(),
    global: fastGroup(),
    retryAfterBaseValue: 100,
  },
  pacing: { writeMs: 0, notifyingMs: 0 },
  retry: { retryAfterBaseValue: 50 },
}));

const world = scenarioNight("demo.yml", "faults", { Octokit: RetryingOctokit });
let outcome: SessionOutcome;

beforeAll(async () => {
  const { sim } = world;
  for (const event of world.scenario.events) await sim.act(event);

  // In the middle of the night GitHub falters: server errors and rate limits, primary and secondary.
  sim.faults.add({ method: "GET", pathPattern: /\/issues$/, status: 502, times: 2 });
  sim.faults.add({
    method: "POST",
    pathPattern: /\/labels$/,
    status: 403,
    times: 2,
    secondaryRateLimit: true,
  });
  sim.faults.add({ method: "POST", pathPattern: /\/pulls$/, status: 502, times: 1 });
  sim.faults.add({ method: "GET", pathPattern: /\/pulls$/, status: 429, times: 1 });
  sim.faults.add({
    method: "POST",
    pathPattern: /\/comments$/,
    status: 403,
    times: 1,
    secondaryRateLimit: true,
  });

  outcome = await startSession({
    probot: world.probot,
    host: world.host,
    journal: world.journal,
    logger: world.logger,
  });
}, 120_000);

describe("a night while GitHub answers 502 and rate limits", () => {
  it("met every injected fault", () => {
    const statuses = world.sim.requests.map((request) => request.status);
    expect(statuses.filter((status) => status === 502)).toHaveLength(3);
    expect(statuses.filter((status) => status === 403)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(1);
  });

  it("completes the night as if nothing had happened", () => {
    const runs = outcome.repos.flatMap((repo) => repo.runs);
    expect(runs.map((run) => [run.task.issue.number, run.status]).sort()).toEqual([
      [1, "shipped"],
      [2, "shipped"],
      [5, "failed"],
      [6, "shipped"],
    ]);
    const pulls = world.sim.state.pulls(REPO);
    expect(pulls).toHaveLength(4);
  });

  it("does not run a feature whose /approve no bot saw: approvals are bound to the text they saw", () => {
    // The day was played with no bot listening, so no approval hash was recorded for #3; the
    // quota it would have used lets the low-priority #6 run instead.
    const skipped = outcome.repos.flatMap((repo) => repo.skipped);
    const three = skipped.find((skip) => skip.task.issue.number === 3);
    expect(three && describeSkip(three.reason)).toContain("the /approve was not recorded");
  });

  it("posts the morning report and breaks no OpenAPI rule", () => {
    const report = world.sim.state
      .issues(REPO)
      .find((issue) => issue.labels.includes("nightshift: report"));
    expect(report).toBeDefined();
    expect(
      world.sim.state
        .comments(REPO, report?.number ?? 0)
        .map((c) => c.body)
        .join(),
    ).toContain("morning report");
    expect(world.sim.violations).toEqual([]);
  });
});
