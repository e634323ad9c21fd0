import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { octokitGitHub } from "../../src/github/octokit-port.js";
import { planRepo } from "../../src/night/plan.js";
import { startSimulator, type Simulator } from "../../packages/simulator/src/index.js";
import { installationToken } from "../simulator/harness.js";
import { silentLogger } from "../unit/silent-logger.js";
import { describeSkip } from "../../src/queue/skip-reason.js";

const QUEUED = 5_000;

const OUTSIDERS = Array.from({ length: 300 }, (_, i) => `outsider-${String(i)}`);

/** 5,000 queued issues by 302 authors; a handful with commands, one natively blocked. */
function bigScenario() {
  const issues = Array.from({ length: QUEUED }, (_, i) => ({
    title: `Issue ${i + 1}`,
    author:
      i % 3 === 2 ? (OUTSIDERS[i % OUTSIDERS.length] ?? "outsider-0") : i % 3 ? "sam" : "maya",
    labels: ["priority: medium", i % 50 === 0 ? "category: feature" : "category: bug"],
    body: i === 10 ? "depends on #2" : "",
    ...(i < 5 ? { comments: [{ author: "maya", body: i === 0 ? "/hold" : "Noted." }] } : {}),
    ...(i === 20 ? { blockedBy: [1] } : {}),
  }));
  return {
    users: [{ login: "maya" }, { login: "sam" }, ...OUTSIDERS.map((login) => ({ login }))],
    repositories: [
      {
        owner: "acme",
        name: "big",
        collaborators: { maya: "admin" as const, sam: "write" as const },
        issues,
      },
    ],
  };
}

describe("planning cost", () => {
  let sim: Simulator;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    sim = await startSimulator({ scenario: bigScenario(), webhookSecret: "s" });
  }, 60_000);
  afterAll(() => sim.close());

  it(`plans ${QUEUED} queued issues with about one request per 100 issues`, async () => {
    const octokit = new ProbotOctokit({
      auth: { token: await installationToken(sim) },
      baseUrl: sim.apiUrl,
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    const before = sim.requests.length;
    const plan = await planRepo(
      {
        ref: { owner: "acme", repo: "big" },
        github: octokitGitHub(octokit),
        botLogin: "nightshift[bot]",
      },
      silentLogger,
    );
    const requests = sim.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    const counts = new Map<string, number>();
    for (const request of requests) {
      const kind = request.replace(/\d+/g, "N").replace(/collaborators\/[^/]+/, "collaborators/U");
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    expect(plan.eligible.length + plan.skipped.length).toBe(QUEUED);
    expect(Object.fromEntries(counts)).toEqual({
      "GET /repos/acme/big": 1,
      "GET /repos/acme/big/contents/.github/nightshift.yml": 1,
      "GET /repos/acme/.github/contents/.github/nightshift.yml": 1,
      "GET /repos/acme/big/issues": QUEUED / 100,
      // The five issues with comments, read in one page of the repository's comment listing:
      // an issue without any cannot be approved or held, so it is never read.
      "GET /repos/acme/big/issues/comments": 1,
      "GET /repos/acme/big/issues/N/dependencies/blocked_by": 1,
      // One page of the collaborator listing rather than a lookup for each of 302 authors.
      "GET /repos/acme/big/collaborators": 1,
    });
    expect(requests).toHaveLength(56);
    // Outsiders are on no collaborator list: every issue they wrote waits for approval.
    const outsiderIssues = plan.eligible.filter((task) => task.issue.author.startsWith("outsider"));
    expect(outsiderIssues).toEqual([]);
    expect(
      plan.skipped.filter((s) => describeSkip(s.reason).includes("without write access")).length,
    ).toBeGreaterThan(1_500);
  }, 60_000);
});
