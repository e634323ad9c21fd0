import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { octokitGitHub } from "../src/github/octokit-port.js";
import { gitEnv } from "../src/runner/git-cli.js";
import { createWorkspaces } from "../src/runner/workspace.js";
import { benchProbot } from "./lib/bot.js";
import { makeBigRepo, run } from "./lib/big-repo.js";
import { startSimProcess } from "./lib/sim-process.js";
import { median, round } from "./lib/stats.js";

export interface WorkspaceFigure {
  files: number;
  commits: number;
  fullCloneMs: number;
  firstPrepareMs: number;
  /** A later run of a session: the API's head is already in the mirror, nothing is fetched. */
  preparedMs: number;
  /** preparedMs ÷ fullCloneMs: the target is at most 0.2. */
  ratio: number;
  /** The first run after the default branch moved by one commit: one fetch. */
  preparedAfterPushMs: number;
  ratioAfterPush: number;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** The clone baseline's median is of three: each clone is seconds of disk work on a busy disk. */
const CLONE_ROUNDS = 3;

/**
 * Figure 3: a workspace for a repository of `files` files and `commits` commits, cached mirror
 * + worktree against a fresh full clone, both over smart HTTP from the simulator. Preparations
 * are medians of `rounds`: the first rounds reuse a worktree made less than a second before,
 * whose index git must re-hash (its timestamps are racy), which real runs do not meet (one takes
 * longer, and its own `git status` rewrites the index); the median must rest on the others.
 */
export async function benchWorkspace(
  files: number,
  commits: number,
  rounds = 7,
): Promise<WorkspaceFigure> {
  const dir = await mkdtemp(join(tmpdir(), "nightshift-bench-ws-"));
  // GitHub in its own process, as it is for the bot: its git server's work is not the bot's.
  const sim = await startSimProcess(
    { users: [{ login: "maya" }], repositories: [{ owner: "acme", name: "big" }] },
    "bench-secret",
  );
  try {
    const source = join(dir, "source");
    await makeBigRepo(source, files, commits);
    const github = octokitGitHub(await benchProbot(sim, "bench-secret").auth(1));
    const token = await github.gitToken();
    const url = `${sim.apiUrl.replace(/\/api\/v3$/, "")}/acme/big.git`;
    // Every git command here gets the same environment the workspaces use, so the two compare fairly.
    await run(
      "git",
      ["-C", source, "push", "-q", "--force", url, "main:main"],
      undefined,
      gitEnv(token),
    );

    const clones: number[] = [];
    for (let i = 0; i < CLONE_ROUNDS; i++) {
      clones.push(
        await timed(() =>
          run("git", ["clone", "-q", url, join(dir, `clone-${i}`)], undefined, gitEnv(token)),
        ),
      );
    }
    const workspaces = createWorkspaces({
      cacheDir: join(dir, "cache"),
      logger: pino({ level: "silent" }),
    });
    const input = { repoFullName: "acme/big", cloneUrl: url, defaultBranch: "main", token };
    const firstPrepareMs = await timed(async () =>
      (await workspaces.prepare({ ...input, runId: "first" })).remove(),
    );
    // As runTask does: read the default branch's head from the API, then prepare.
    const prepareLikeARun = (runId: string) =>
      timed(async () => {
        const headSha =
          (await github.getBranchHead({ owner: "acme", repo: "big" }, "main")) ?? undefined;
        const ws = await workspaces.prepare({ ...input, runId, ...(headSha ? { headSha } : {}) });
        await ws.remove();
      });
    const prepared: number[] = [];
    const afterPush: number[] = [];
    for (let i = 0; i < rounds; i++) {
      prepared.push(await prepareLikeARun(`run-${i}`));
      await run("git", ["-C", source, "commit", "-q", "--allow-empty", "-m", `moved ${i}`]);
      await run("git", ["-C", source, "push", "-q", url, "main:main"], undefined, gitEnv(token));
      afterPush.push(await prepareLikeARun(`moved-${i}`));
    }
    const fullCloneMs = median(clones);
    const preparedMs = median(prepared);
    const preparedAfterPushMs = median(afterPush);
    return {
      files,
      commits,
      fullCloneMs: round(fullCloneMs, 0),
      firstPrepareMs: round(firstPrepareMs, 0),
      preparedMs: round(preparedMs, 0),
      ratio: round(preparedMs / fullCloneMs),
      preparedAfterPushMs: round(preparedAfterPushMs, 0),
      ratioAfterPush: round(preparedAfterPushMs / fullCloneMs),
    };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
