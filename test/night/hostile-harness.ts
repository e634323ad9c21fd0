import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HostConfigSchema, type HostConfigInput } from "../../src/config/host-schema.js";
import { RepoConfigSchema, type RepoConfigInput } from "../../src/config/repo-schema.js";
import type { NewPullRequest, PullRequestRecord } from "../../src/github/port.js";
import type { RunOutcome } from "../../src/run/outcome.js";
import { runTask } from "../../src/run/pipeline.js";
import type { RunContext, RunDeps } from "../../src/run/context.js";
import type { Task } from "../../src/queue/task.js";
import { createWorkspaces } from "../../src/runner/workspace.js";
import type { Isolation } from "../../src/sandbox/policy.js";
import { systemClock } from "../../src/types.js";
import { createRemote, gitSync, recordingLogger, tempDir } from "../runner/helpers.js";
import { runId } from "../../src/store/journal.js";

/** Values the bot holds that no agent may ever see (fake, but shaped like the real ones). */
export const SECRETS = {
  GITHUB_TOKEN: "ghs_secretInstallationToken0123456789AB",
  GH_TOKEN: "gho_secret_value",
  // A marker shaped like a PEM header (built at run time so no secret scanner mistakes it for a key).
  PRIVATE_KEY: ["-----BEGIN RSA PRIVATE", "KEY----- secret"].join(" "),
  WEBHOOK_SECRET: "hook_secret_value",
  NPM_TOKEN: "npm_secret_value",
};

/**
 * Whole runs (workspace → agent → gates → commit → push → PR) with agents that attack, on real
 * git, real child processes and the real sandbox. GitHub is a small in-memory fake; the remote
 * is a bare repository. The "bot's" own files (a key, an `.env`, the journal) are planted where
 * an operator keeps them, so the attacks have something to aim at.
 */
export function hostileHarness(isolation: Isolation) {
  const tmp = tempDir("nightshift-hostile-");
  const remote = createRemote(tmp.path);
  const dataDir = join(tmp.path, "data");
  const botDir = join(tmp.path, "bot");
  mkdirSync(join(dataDir, "logs", "earlier"), { recursive: true });
  mkdirSync(botDir, { recursive: true });
  const planted = {
    env: join(botDir, ".env"),
    key: join(botDir, "app.private-key.pem"),
    journal: join(dataDir, "journal.sqlite"),
    otherPrompt: join(dataDir, "logs", "earlier", "other-run.prompt.md"),
  };
  writeFileSync(planted.env, `WEBHOOK_SECRET=${SECRETS.WEBHOOK_SECRET}\n`);
  writeFileSync(planted.key, SECRETS.PRIVATE_KEY);
  writeFileSync(planted.journal, `journal ${SECRETS.GITHUB_TOKEN}`);
  writeFileSync(planted.otherPrompt, "another repository's private issue");
  const ref = { owner: "acme", repo: "calc" };
  const pulls: (PullRequestRecord & NewPullRequest)[] = [];
  /** What no run of these tests asks of GitHub. */
  const notAsked = () => Promise.reject(new Error("a hostile run does not ask this of GitHub"));
  const github: RunContext["github"] = {
    getRepo: notAsked,
    readConfig: notAsked,
    readFileAt: notAsked,
    listRepoComments: notAsked,
    createComment: notAsked,
    updateComment: notAsked,
    addReaction: notAsked,
    listPullFiles: notAsked,
    getPull: notAsked,
    listPullReviews: notAsked,
    listPullReviewComments: notAsked,
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
  };

  let sessions = 0;
  interface RunOptions {
    host?: Partial<HostConfigInput>;
    repo?: RepoConfigInput;
    mounts?: { path: string; writable?: boolean }[];
    egress?: "none" | "open" | { allow: [string, ...string[]] };
    /** The issue's body (default "Do the thing"). */
    body?: string;
  }

  function deps(command: string[], options: RunOptions): RunDeps {
    const logger = recordingLogger();
    return {
      clock: systemClock,
      logger,
      host: HostConfigSchema.parse({
        agents: {
          hostile: {
            kind: "command",
            command,
            sandbox: {
              mounts: options.mounts ?? [],
              ...(options.egress === undefined ? {} : { egress: options.egress }),
            },
          },
        },
        defaultAgent: "hostile",
        dataDir,
        maxLogBytes: 1024 * 1024,
        runTimeoutMinutes: 1,
        ...options.host,
        sandbox: {
          mode: isolation.level === "none" ? "none" : "bubblewrap",
          ...options.host?.sandbox,
        },
      }),
      sessionId: `s${++sessions}`,
      identity: { name: "nightshift[bot]", email: "1+nightshift[bot]@users.noreply.github.test" },
      baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmp.path, ...SECRETS },
      isolation,
      prepareWorkspace: (input) =>
        // Reuse off: these tests check what a run leaves behind, not what the pool keeps.
        createWorkspaces({ cacheDir: dataDir, logger, maxIdleWorktrees: 0 }).prepare({
          ...input,
          token: "",
        }),
    };
  }

  function task(number: number, body = "Do the thing"): Task {
    return {
      repo: ref,
      issue: {
        number,
        title: `Issue ${number}`,
        body,
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

  /** Runs `argv` as the agent of issue `number`. */
  function runCommand(
    argv: string[],
    number: number,
    options: RunOptions = {},
  ): Promise<RunOutcome> {
    const runDeps = deps(argv, options);
    return runTask(runDeps, task(number, options.body), {
      github,
      info: { ...ref, defaultBranch: "main", cloneUrl: remote.url, archived: false },
      config: RepoConfigSchema.parse(options.repo ?? {}),
      roleOf: () => Promise.resolve("write"),
      runId: runId(runDeps.sessionId, `${ref.owner}/${ref.repo}`, number),
    });
  }

  const worktrees = () => readdirSync(join(dataDir, "worktrees"));
  return {
    tmp,
    dataDir,
    botDir,
    planted,
    remote,
    pulls,
    runCommand,
    /** Runs `script` (sh) as the agent of issue `number`. */
    run: (script: string, number: number, options: RunOptions = {}) =>
      runCommand(["sh", "-c", script], number, options),
    mirrorDir: join(dataDir, "mirrors", ref.owner, `${ref.repo}.git`),
    worktrees,
    pullFor: (number: number) =>
      pulls.find((pull) => pull.head.startsWith(`nightshift/${number}-`)),
    remoteBranches: () =>
      gitSync(
        tmp.path,
        "--git-dir",
        remote.bare,
        "for-each-ref",
        "--format=%(refname)",
        "refs/heads/",
      ),
    /** The files of the issue's pushed branch, read from the remote. */
    shippedFile: (number: number, path: string) => {
      const branch = gitSync(
        tmp.path,
        "--git-dir",
        remote.bare,
        "for-each-ref",
        "--format=%(refname)",
        `refs/heads/nightshift/${number}-*`,
      );
      return gitSync(tmp.path, "--git-dir", remote.bare, "show", `${branch}:${path}`);
    },
    readLog: (outcome: RunOutcome) => readFileSync(outcome.logFile ?? "", "utf8"),
  };
}

export type HostileHarness = ReturnType<typeof hostileHarness>;
