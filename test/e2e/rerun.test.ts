import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostConfigSchema } from "../../src/config/host-schema.js";
import { RepoConfigSchema } from "../../src/config/repo-schema.js";
import { botIdentity } from "../../src/github/bot-login.js";
import { listInstallations } from "../../src/github/installations.js";
import type { GitHubPort } from "../../src/github/port.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import type { RunOutcome } from "../../src/run/outcome.js";
import { runTask } from "../../src/run/pipeline.js";
import type { RunContext, RunDeps } from "../../src/run/context.js";
import type { Task } from "../../src/queue/task.js";
import { createWorkspaces } from "../../src/runner/workspace.js";
import { startSimulator, type Simulator } from "../../packages/simulator/src/index.js";
import { hostIsolation } from "../../src/sandbox/probe.js";
import { systemClock } from "../../src/types.js";
import { runId } from "../../src/store/journal.js";

/**
 * Reruns of one issue against the simulator, through the same runTask the night uses: whatever
 * happens between runs (a crash after the push, a lost response, a retitled issue, a human push,
 * a closed PR), an issue never gets a second open pull request and nobody's commit is lost.
 */
const REPO = "acme/calc";
const ref = { owner: "acme", repo: "calc" };

let sim: Simulator;
let dataDir: string;
let deps: RunDeps;
let ctx: RunContext;
let run = 0;

/** An agent that writes a file whose content differs on every run, so every run has a change. */
const agent = [process.execPath, "-e", "require('fs').writeFileSync('fix.txt', process.argv[1])"];

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  sim = await startSimulator({
    webhookSecret: "s",
    scenario: {
      users: [{ login: "sam" }],
      repositories: [
        {
          owner: "acme",
          name: "calc",
          files: { "README.md": "# calc\n" },
          collaborators: { sam: "write" },
          issues: [
            { title: "Fix the sum", author: "sam", labels: ["priority: high"] },
            { title: "Fix the mean", author: "sam", labels: ["priority: high"] },
            { title: "Fix the median", author: "sam", labels: ["priority: high"] },
            { title: "Fix the mode", author: "sam", labels: ["priority: high"] },
          ],
        },
      ],
    },
  });
  dataDir = await mkdtemp(join(tmpdir(), "nightshift-rerun-"));
  const log = pino({ level: "silent" });
  const probot = new Probot({
    appId: sim.appId,
    privateKey: sim.privateKey,
    baseUrl: sim.apiUrl,
    log,
    Octokit: UnthrottledOctokit,
  });
  const { targets, anyInstallation } = await listInstallations(probot);
  const github = targets[0]?.github;
  if (!github || !anyInstallation) throw new Error("the simulator has no installation");
  const host = HostConfigSchema.parse({
    agents: { writer: { kind: "command", command: [...agent, "{issue}-{prompt}"] } },
    defaultAgent: "writer",
    dataDir,
  });
  const workspaces = createWorkspaces({ cacheDir: dataDir, logger: log });
  deps = {
    clock: systemClock,
    logger: log,
    host,
    sessionId: "s0",
    identity: await botIdentity(probot, anyInstallation),
    baseEnv: process.env,
    isolation: await hostIsolation("bubblewrap"),
    prepareWorkspace: (input) => workspaces.prepare(input),
  };
  ctx = {
    github,
    info: await github.getRepo(ref),
    config: RepoConfigSchema.parse({}),
    roleOf: () => Promise.resolve("write"),
    runId: "rerun",
  };
}, 60_000);

afterAll(async () => {
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
  nock.enableNetConnect();
});

function task(number: number, title: string): Task {
  return {
    repo: ref,
    issue: {
      number,
      title,
      body: `run ${++run}`,
      labels: ["priority: high"],
      author: "sam",
      authorType: "User",
      createdAt: "2026-11-20T00:00:00Z",
      state: "open",
    },
    priority: "high",
    cost: 1,
    problems: [],
  };
}

/** A port whose methods are the real ones except `overrides`. */
function withGitHub(overrides: Partial<GitHubPort>): RunContext {
  return { ...ctx, github: Object.assign(Object.create(ctx.github) as GitHubPort, overrides) };
}

const rerun = (number: number, title: string, context: RunContext = ctx): Promise<RunOutcome> =>
  runTask({ ...deps, sessionId: `s${run + 1}` }, task(number, title), {
    ...context,
    runId: runId(`s${run + 1}`, REPO, number),
  });

const pullsOf = (issue: number) =>
  sim.state.pulls(REPO).filter((pull) => pull.body.includes(`Closes #${issue}\n`));
const openPulls = (issue: number) => pullsOf(issue).filter((pull) => pull.state === "open");
const tip = (branch: string) =>
  execFileSync("git", ["--git-dir", sim.gitDir(REPO), "rev-parse", `refs/heads/${branch}`], {
    encoding: "utf8",
  }).trim();
const authorOf = (branch: string) =>
  execFileSync("git", ["--git-dir", sim.gitDir(REPO), "log", "-1", "--format=%an", branch], {
    encoding: "utf8",
  }).trim();

describe("rerunning one issue", () => {
  const branch = "nightshift/1-fix-the-sum";

  it("a crash between push and PR creation leaves a pushed branch and no PR", async () => {
    const crashing = withGitHub({
      createPull: () => Promise.reject(new Error("the runner crashed")),
    });
    await expect(rerun(1, "Fix the sum", crashing)).rejects.toThrow("the runner crashed");
    expect(authorOf(branch)).toBe(deps.identity.name);
    expect(pullsOf(1)).toEqual([]);
  });

  it("the next run overwrites the bot's own branch and opens the PR", async () => {
    const before = tip(branch);
    const outcome = await rerun(1, "Fix the sum");
    expect(outcome).toMatchObject({ status: "shipped", branch });
    expect(tip(branch)).not.toBe(before);
    expect(openPulls(1)).toHaveLength(1);
  });

  it("a third run, after the issue was retitled, updates the same branch and PR", async () => {
    const [pull] = openPulls(1);
    const outcome = await rerun(1, "Sum is wrong for negative numbers");
    expect(outcome).toMatchObject({ status: "shipped", branch, pr: { number: pull?.number } });
    expect(openPulls(1)).toEqual([
      expect.objectContaining({
        number: pull?.number,
        title: "Sum is wrong for negative numbers (#1)",
        head: { ref: branch, sha: tip(branch) },
      }),
    ]);
  });

  it("a rerun whose gate fails updates the open PR and says so", async () => {
    const [pull] = openPulls(1);
    const failing = {
      ...ctx,
      config: RepoConfigSchema.parse({ gates: [{ name: "test", run: ["false"] }] }),
    };
    const outcome = await rerun(1, "Fix the sum", failing);
    expect(outcome).toMatchObject({
      status: "failed",
      reason: `gate \`test\` failed; PR #${pull?.number} updated`,
    });
    expect(openPulls(1)).toHaveLength(1);
    expect(openPulls(1)[0]?.body).toContain("❌ failed");
  });

  it("GitHub's 'already exists' answer counts as success", async () => {
    const stale = withGitHub({ findOpenPull: () => Promise.resolve(null) });
    const outcome = await rerun(1, "Fix the sum", stale);
    expect(outcome.status).toBe("shipped");
    expect(openPulls(1)).toHaveLength(1);
    expect(outcome.pr?.number).toBe(openPulls(1)[0]?.number);
  });

  it("a create whose answer was lost is found by the bot's marker, not made twice", async () => {
    const lossy = withGitHub({
      findOpenPull: () => Promise.resolve(null),
      createPull: async (repo, pull) => {
        await ctx.github.createPull(repo, pull).catch(() => undefined);
        throw new Error("socket hang up");
      },
    });
    const outcome = await rerun(1, "Fix the sum", lossy);
    expect(outcome.status).toBe("shipped");
    expect(openPulls(1)).toHaveLength(1);
  });

  it("a human commit on the branch stops force-pushes; the PR is left as it is", async () => {
    await sim.act({
      as: "sam",
      push: { repo: REPO, branch, files: { "fix.txt": "sam's fix\n" }, message: "Sam's fix" },
    });
    const humanTip = tip(branch);
    const outcome = await rerun(1, "Fix the sum");
    expect(outcome.status).toBe("failed");
    expect(outcome.reason).toMatch(/has commits Nightshift did not make \([0-9a-f]{7} by sam/);
    expect(outcome.reason).toContain("not force-pushed");
    expect(outcome.pr?.number).toBe(openPulls(1)[0]?.number);
    expect(tip(branch)).toBe(humanTip);
    expect(openPulls(1)).toHaveLength(1);
  });

  it("every run of issue #1 ended with exactly one PR, ever", () => {
    expect(pullsOf(1)).toHaveLength(1);
  });
});

describe("a human push racing the run's own push", () => {
  it("is seen by the check just before the push, and kept", async () => {
    const branch = "nightshift/3-fix-the-median";
    expect((await rerun(3, "Fix the median")).status).toBe("shipped");
    let calls = 0;
    const racing = withGitHub({
      listPullsForBranch: async (repo, name) => {
        // The second lookup is the one right before the push: sam pushes just then.
        if (++calls === 2) {
          await sim.act({
            as: "sam",
            push: { repo: REPO, branch, files: { "median.txt": "sam\n" }, message: "Sam's" },
          });
        }
        return ctx.github.listPullsForBranch(repo, name);
      },
    });
    const samsTip = () => tip(branch);
    const outcome = await rerun(3, "Fix the median", racing);
    expect(calls).toBe(2);
    expect(outcome.status).toBe("failed");
    expect(outcome.reason).toMatch(/by sam\); it was not force-pushed/);
    expect(authorOf(branch)).toBe("sam");
    expect(tip(branch)).toBe(samsTip());
    expect(openPulls(3)).toHaveLength(1);
  });
});

describe("two attempts at one issue in one session", () => {
  it("keep both attempts' logs and prompts, and the failed attempt's worktree", async () => {
    const session = "twice";
    const failing = HostConfigSchema.parse({
      agents: {
        writer: {
          kind: "command",
          command: [process.execPath, "-e", "console.log('attempt one gave up'); process.exit(1)"],
        },
      },
      defaultAgent: "writer",
      dataDir,
    });
    const first = await runTask({ ...deps, sessionId: session, host: failing }, task(4, "Fix"), {
      ...ctx,
      runId: runId(session, REPO, 4),
    });
    expect(first.status).toBe("failed");
    const second = await runTask({ ...deps, sessionId: session }, task(4, "Fix"), {
      ...ctx,
      runId: runId(session, REPO, 4, 2),
    });
    expect(second.status).toBe("shipped");
    expect(readdirSync(join(dataDir, "logs", session)).sort()).toEqual([
      "acme.calc.4.agent.log",
      "acme.calc.4.attempt-2.agent.log",
      "acme.calc.4.attempt-2.prompt.md",
      "acme.calc.4.prompt.md",
    ]);
    expect(readFileSync(first.logFile ?? "", "utf8")).toContain("attempt one gave up");
    expect(readFileSync(second.logFile ?? "", "utf8")).not.toContain("attempt one gave up");
    expect(readdirSync(join(dataDir, "worktrees"))).toContain("twice.acme.calc.4");
  });
});

describe("a pull request closed without merging", () => {
  it("is not reopened, and no second PR is opened", async () => {
    const first = await rerun(2, "Fix the mean");
    expect(first.status).toBe("shipped");
    const number = first.pr?.number ?? 0;
    const octokit = new UnthrottledOctokit({
      auth: { token: await ctx.github.gitToken(ref) },
      baseUrl: sim.apiUrl,
    });
    await octokit.rest.pulls.update({ ...ref, pull_number: number, state: "closed" });

    const again = await rerun(2, "Fix the mean");
    expect(again.status).toBe("failed");
    expect(again.reason).toContain(`#${number} was closed without merging`);
    expect(again.logFile).toBeUndefined(); // found before the agent spent anything
    expect(pullsOf(2)).toEqual([expect.objectContaining({ number, state: "closed" })]);
  });

  it("sent only requests GitHub's OpenAPI description accepts", () => {
    expect(sim.violations).toEqual([]);
  });
});
