import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HostConfigSchema } from "../../src/config/host-schema.js";
import { RepoConfigSchema } from "../../src/config/repo-schema.js";
import type { GitHubPort, NewPullRequest, PullRequestRecord } from "../../src/github/port.js";
import type { RunOutcome } from "../../src/night/outcome.js";
import { runTask, type RunDeps } from "../../src/night/run-task.js";
import type { Task } from "../../src/queue/task.js";
import { createWorkspaces } from "../../src/runner/workspace.js";
import { systemClock } from "../../src/types.js";
import { createRemote, gitSync, isAlive, recordingLogger, tempDir } from "../runner/helpers.js";

/**
 * Whole runs (workspace → agent → gates → commit → push → PR) with agents that misbehave, on real
 * git and real child processes. GitHub is a small in-memory fake; the remote is a bare repository.
 */
const tmp = tempDir("nightshift-hostile-");
afterAll(() => {
  tmp.cleanup();
});
const remote = createRemote(tmp.path);
const dataDir = join(tmp.path, "data");
const ref = { owner: "acme", repo: "calc" };

const SECRETS = {
  GITHUB_TOKEN: "ghs_secret_token_value",
  GH_TOKEN: "gho_secret_value",
  // A marker shaped like a PEM header (built at run time so no secret scanner mistakes it for a key).
  PRIVATE_KEY: ["-----BEGIN RSA PRIVATE", "KEY----- secret"].join(" "),
  WEBHOOK_SECRET: "hook_secret_value",
  NPM_TOKEN: "npm_secret_value",
};

/** The pull requests the fake GitHub holds. */
const pulls: (PullRequestRecord & NewPullRequest)[] = [];

const github = {
  listComments: () => Promise.resolve([]),
  gitToken: () => Promise.resolve(SECRETS.GITHUB_TOKEN),
  getBranchHead: () => Promise.resolve(null),
  listPullsForBranch: (_ref: unknown, branch: string) =>
    Promise.resolve(pulls.filter((pull) => pull.head === branch)),
  findOpenPull: (_ref: unknown, branch: string) =>
    Promise.resolve(pulls.find((pull) => pull.head === branch && pull.state === "open") ?? null),
  createPull: (_ref: unknown, pull: NewPullRequest) => {
    const record = {
      ...pull,
      number: pulls.length + 1,
      url: `https://github.test/pull/${pulls.length + 1}`,
      headRef: pull.head,
      state: "open" as const,
      merged: false,
    };
    pulls.push(record);
    return Promise.resolve(record);
  },
  updatePull: () => Promise.resolve(),
} satisfies Partial<GitHubPort>;

let runs = 0;

function deps(command: string[], extra: { timeoutMinutes?: number } = {}): RunDeps {
  const logger = recordingLogger();
  return {
    clock: systemClock,
    logger,
    host: HostConfigSchema.parse({
      agents: { hostile: { kind: "command", command } },
      defaultAgent: "hostile",
      dataDir,
      maxLogBytes: 1024 * 1024,
      runTimeoutMinutes: extra.timeoutMinutes ?? 1,
    }),
    sessionId: `s${++runs}`,
    identity: { name: "nightshift[bot]", email: "1+nightshift[bot]@users.noreply.github.test" },
    baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmp.path, ...SECRETS },
    prepareWorkspace: (input) =>
      // Reuse off: these tests check what a run leaves behind, not what the pool keeps.
      createWorkspaces({ cacheDir: dataDir, logger, maxIdleWorktrees: 0 }).prepare({
        ...input,
        token: "",
      }),
  };
}

function task(number: number): Task {
  return {
    repo: ref,
    issue: {
      number,
      title: `Issue ${number}`,
      body: "Do the thing",
      labels: ["priority: high"],
      author: "maya",
      authorType: "User",
      createdAt: "2026-11-20T00:00:00Z",
      state: "open",
    },
    priority: "high",
    cost: 1,
    problems: [],
  };
}

function run(command: string[], number: number, extra = {}): Promise<RunOutcome> {
  return runTask(deps(command, extra), task(number), {
    github: github as unknown as GitHubPort,
    info: { ...ref, defaultBranch: "main", cloneUrl: remote.url, archived: false },
    config: RepoConfigSchema.parse({}),
    roleOf: () => Promise.resolve("write"),
  });
}

const worktrees = () => readdirSync(join(dataDir, "worktrees"));
const remoteBranches = () =>
  gitSync(tmp.path, "--git-dir", remote.bare, "for-each-ref", "--format=%(refname)", "refs/heads/");
const worktreeOf = (outcome: RunOutcome) => {
  const dir = worktrees().find((name) => name.endsWith(`-${outcome.task.issue.number}`));
  if (!dir) throw new Error("no worktree kept");
  return join(dataDir, "worktrees", dir);
};

describe("runs with hostile agents", () => {
  it("an agent that hangs and spawns grandchildren is killed at timeout, group and all", async () => {
    const script = "sleep 300 & a=$!; sh -c 'sleep 300' & b=$!; echo $$ $a $b > pids.txt; wait";
    const outcome = await run(["sh", "-c", script], 1, { timeoutMinutes: 0.03 });
    expect(outcome).toMatchObject({ status: "failed", reason: "agent timed out" });
    const pids = readFileSync(join(worktreeOf(outcome), "pids.txt"), "utf8")
      .trim()
      .split(" ")
      .map(Number);
    expect(pids).toHaveLength(3);
    expect(pids.filter(isAlive)).toEqual([]);
  });

  it("an agent that floods 1 GB of output: log capped, memory flat, run failed cleanly", async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const outcome = await run(["sh", "-c", "head -c 1073741824 /dev/zero; exit 3"], 2);
    clearInterval(sampler);
    const growthMb = (Math.max(peak, process.memoryUsage().rss) - before) / 1024 / 1024;
    expect(outcome).toMatchObject({ status: "failed", reason: "agent exited with 3" });
    expect(statSync(outcome.logFile ?? "").size).toBeLessThan(1024 * 1024 + 200);
    expect(growthMb).toBeLessThan(64);
  });

  it("an agent that crashes: failed, with the signal", async () => {
    const outcome = await run(["sh", "-c", "echo boom >&2; kill -SEGV $$"], 3);
    expect(outcome).toMatchObject({ status: "failed", reason: "agent exited with SIGSEGV" });
    expect(outcome.agentSummary).toContain("boom");
  });

  it("an agent that changes nothing: no PR, reported, workspace removed", async () => {
    const outcome = await run(["true"], 4);
    expect(outcome).toMatchObject({ status: "no-change", reason: "the agent changed nothing" });
    expect(worktrees().some((name) => name.endsWith("-4"))).toBe(false);
    expect(pulls).toEqual([]);
  });

  it("an agent that edits outside its worktree is refused, and nothing is pushed", async () => {
    const script = "echo out > ../outside.txt; ln -s /etc/passwd leak; echo x > inside.txt";
    const outcome = await run(["sh", "-c", script], 5);
    expect(outcome.status).toBe("failed");
    expect(outcome.reason).toBe(
      "the change was refused: `leak` is a symlink to `/etc/passwd`, outside the repository",
    );
    expect(remoteBranches()).toBe("refs/heads/main");
    expect(pulls).toEqual([]);
  });

  it("an agent that writes a workflow and commits it itself is refused, and nothing is pushed", async () => {
    const script =
      "mkdir -p .github/workflows && echo 'on: push' > .github/workflows/x.yml && " +
      "git add -A && git -c user.name=a -c user.email=a@a commit -qm mine";
    const outcome = await run(["sh", "-c", script], 7);
    expect(outcome).toMatchObject({
      status: "failed",
      reason:
        "the change was refused: `.github/workflows/x.yml` is a protected path (`.github/workflows/**`)",
    });
    expect(remoteBranches()).toBe("refs/heads/main");
    expect(pulls).toEqual([]);
  });

  it("an agent that prints its environment sees no token or key, and none reaches the PR", async () => {
    const outcome = await run(["sh", "-c", "env; echo fixed > fix.txt"], 6);
    expect(outcome.status).toBe("shipped");
    const log = readFileSync(outcome.logFile ?? "", "utf8");
    expect(log).toContain("NIGHTSHIFT_ISSUE=6");
    const body = pulls[0]?.body ?? "";
    expect(body).toContain("NIGHTSHIFT_ISSUE=6");
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(log).not.toContain(value);
      expect(log).not.toContain(`${name}=`);
      expect(body).not.toContain(value);
    }
    expect(remoteBranches()).toContain("refs/heads/nightshift/6-issue-6");
    expect(worktrees().some((name) => name.endsWith("-6"))).toBe(false);
  });
});
