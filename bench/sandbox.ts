import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { HostConfigSchema } from "../src/config/host-schema.js";
import { RepoConfigSchema } from "../src/config/repo-schema.js";
import { runDemo } from "../src/demo/run-demo.js";
import type { GitHubPort, NewPullRequest } from "../src/github/port.js";
import { runTask } from "../src/run/pipeline.js";
import type { RunDeps } from "../src/run/context.js";
import type { Task } from "../src/queue/task.js";
import { createWorkspaces } from "../src/runner/workspace.js";
import type { Isolation } from "../src/sandbox/policy.js";
import { probeIsolation } from "../src/sandbox/probe.js";
import { systemClock, type Logger } from "../src/types.js";
import { median, round } from "./lib/stats.js";
import { runId } from "../src/store/journal.js";

const DEMO_ROUNDS = 3;
const DEMO = fileURLToPath(new URL("../fixtures/scenarios/demo.yml", import.meta.url));

export interface SandboxFigure {
  pairs: number;
  /** Median wall time of one whole run (workspace → agent → commit → push → PR), in ms. */
  sandboxedMs: number;
  unsandboxedMs: number;
  /** Median of the pairs' sandboxed ÷ unsandboxed ratios. */
  ratio: number;
  /** Median wall time of the demo night, sandboxed and not. */
  demoSandboxedMs: number;
  demoUnsandboxedMs: number;
}

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "init.defaultBranch=main", ...args], {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "b",
      GIT_AUTHOR_EMAIL: "b@b",
      GIT_COMMITTER_NAME: "b",
      GIT_COMMITTER_EMAIL: "b@b",
    },
  });
}

/** A bare remote with one commit, standing in for GitHub's git. */
function remote(root: string): string {
  const bare = join(root, "origin.git");
  const work = join(root, "work");
  git(root, "init", "--bare", "--quiet", bare);
  git(root, "init", "--quiet", work);
  execFileSync("sh", ["-c", "echo '# bench' > README.md"], { cwd: work });
  git(work, "add", "README.md");
  git(work, "commit", "--quiet", "-m", "initial");
  git(work, "push", "--quiet", bare, "HEAD:refs/heads/main");
  return `file://${bare}`;
}

/** Just enough of GitHub for a run to open its PR: every branch is new, every PR is created. */
function fakeGitHub(): GitHubPort {
  let pulls = 0;
  const port = {
    listComments: () => Promise.resolve([]),
    gitToken: () => Promise.resolve(""),
    getBranchHead: () => Promise.resolve(null),
    listPullsForBranch: () => Promise.resolve([]),
    findOpenPull: () => Promise.resolve(null),
    createPull: (_ref: unknown, pull: NewPullRequest) =>
      Promise.resolve({
        ...pull,
        number: ++pulls,
        url: "",
        headRef: pull.head,
        state: "open" as const,
        merged: false,
      }),
    updatePull: () => Promise.resolve(),
  } satisfies Partial<GitHubPort>;
  return port as unknown as GitHubPort;
}

function task(number: number): Task {
  return {
    repo: { owner: "acme", repo: "bench" },
    issue: {
      number,
      title: `Issue ${String(number)}`,
      body: "Write a file",
      labels: [],
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

/**
 * Figure 6: what the sandbox costs. Pairs of whole runs of a trivial agent (`sh` writing one
 * file), one sandboxed and one not, in alternating order so neither always runs warm; then the
 * demo night both ways.
 */
export async function benchSandbox(pairs: number): Promise<SandboxFigure> {
  const root = await mkdtemp(join(tmpdir(), "nightshift-bench-sandbox-"));
  try {
    const cloneUrl = remote(root);
    const dataDir = join(root, "data");
    const workspaces = createWorkspaces({ cacheDir: dataDir, logger: silent });
    const github = fakeGitHub();
    const bubblewrap = await probeIsolation("bubblewrap");
    if (bubblewrap.level !== "bubblewrap")
      throw new Error(`no sandbox here: ${JSON.stringify(bubblewrap)}`);
    const none: Isolation = { level: "none", why: "opted-out" };
    let issue = 0;
    const once = async (isolation: Isolation): Promise<number> => {
      const deps: RunDeps = {
        clock: systemClock,
        logger: silent,
        host: HostConfigSchema.parse({
          agents: { trivial: { kind: "command", command: ["sh", "-c", "echo done > done.txt"] } },
          defaultAgent: "trivial",
          dataDir,
        }),
        sessionId: "bench",
        identity: { name: "nightshift[bot]", email: "bot@users.noreply.github.test" },
        baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
        isolation,
        prepareWorkspace: (input) => workspaces.prepare({ ...input, token: "" }),
      };
      const started = performance.now();
      const outcome = await runTask(deps, task(++issue), {
        github,
        info: { owner: "acme", repo: "bench", defaultBranch: "main", cloneUrl, archived: false },
        config: RepoConfigSchema.parse({}),
        roleOf: () => Promise.resolve("write"),
        runId: runId("bench", "acme/bench", issue),
      });
      if (outcome.status !== "shipped")
        throw new Error(`bench run ${outcome.status}: ${outcome.reason ?? ""}`);
      return performance.now() - started;
    };
    await once(none); // warm the mirror and the worktree pool
    await once(bubblewrap);
    const sandboxed: number[] = [];
    const unsandboxed: number[] = [];
    const ratios: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      const first = pair % 2 === 0;
      const a = first ? await once(bubblewrap) : await once(none);
      const b = first ? await once(none) : await once(bubblewrap);
      const [s, u] = first ? [a, b] : [b, a];
      sandboxed.push(s);
      unsandboxed.push(u);
      ratios.push(s / u);
    }
    // The demo night both ways, after one warm-up night (the first pays for loading the
    // simulator's OpenAPI description and compiling modules), in alternating order.
    const night = async (mode: "bubblewrap" | "none") =>
      (await runDemo({ scenarioPath: DEMO, sandboxMode: mode })).durationMs;
    await night("none");
    const demoSandboxed: number[] = [];
    const demoUnsandboxed: number[] = [];
    for (let round = 0; round < DEMO_ROUNDS; round++) {
      const first = round % 2 === 0 ? "bubblewrap" : "none";
      const second = first === "none" ? "bubblewrap" : "none";
      for (const mode of [first, second] as const) {
        (mode === "bubblewrap" ? demoSandboxed : demoUnsandboxed).push(await night(mode));
      }
    }
    return {
      pairs,
      sandboxedMs: round(median(sandboxed), 1),
      unsandboxedMs: round(median(unsandboxed), 1),
      ratio: round(median(ratios)),
      demoSandboxedMs: Math.round(median(demoSandboxed)),
      demoUnsandboxedMs: Math.round(median(demoUnsandboxed)),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
