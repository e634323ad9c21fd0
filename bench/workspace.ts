import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { createWorkspaces } from "../src/runner/workspace.js";

/**
 * Workspace preparation against a full clone, on a generated repository with thousands of files
 * and a long history. The remote is reached over `file://` (git's pack protocol, as over HTTP,
 * minus the network), so the clone pays for transferring and indexing the whole history while a
 * prepared workspace pays for a no-op fetch into the cached mirror and a checkout.
 */
export interface WorkspaceBenchOptions {
  /** Where the repositories live: its disk decides how much the checkout (which both pay) costs. */
  dir: string;
  files: number;
  commits: number;
  rounds: number;
}

export interface WorkspaceBenchResult {
  files: number;
  commits: number;
  packMb: number;
  cloneMs: number;
  /** `git clone --no-checkout`: the transfer and indexing a cached mirror saves. */
  cloneNoCheckoutMs: number;
  coldPrepareMs: number;
  warmPrepareMs: number;
  ratio: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Bench",
  GIT_AUTHOR_EMAIL: "bench@example.com",
  GIT_COMMITTER_NAME: "Bench",
  GIT_COMMITTER_EMAIL: "bench@example.com",
};

/** A fast-import stream: `files` files in the first commit, then `commits` commits of 20 edits each. */
function history(files: number, commits: number): string {
  const lines: string[] = [];
  const blob = (path: string, text: string) => {
    lines.push(`M 100644 inline ${path}`, `data ${Buffer.byteLength(text)}`, text);
  };
  const commit = (n: number, edits: () => void) => {
    const message = `commit ${n}`;
    lines.push(
      "commit refs/heads/main",
      `committer Bench <bench@example.com> ${1_700_000_000 + n} +0000`,
    );
    lines.push(`data ${message.length}`, message);
    edits();
    lines.push("");
  };
  const body = (i: number, version: number) =>
    `// module ${i}, version ${version}\n${`export const value${i} = ${version};\n`.repeat(40)}`;
  commit(0, () => {
    for (let i = 0; i < files; i++) blob(`src/dir${i % 50}/module${i}.ts`, body(i, 0));
  });
  for (let n = 1; n <= commits; n++) {
    commit(n, () => {
      for (let k = 0; k < 20; k++) {
        const i = (n * 37 + k * 101) % files;
        blob(`src/dir${i % 50}/module${i}.ts`, body(i, n));
      }
    });
  }
  return `${lines.join("\n")}\n`;
}

/** Flushes pending writes, so one measurement does not pay for the previous one's. */
function settle(): void {
  spawnSync("sync");
}

function time(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export async function benchWorkspace(opts: WorkspaceBenchOptions): Promise<WorkspaceBenchResult> {
  const root = mkdtempSync(join(opts.dir, "nightshift-bench-"));
  try {
    const origin = join(root, "origin.git");
    execFileSync("git", ["init", "--bare", "--quiet", "-b", "main", origin]);
    const imported = spawnSync("git", ["fast-import", "--quiet"], {
      cwd: origin,
      input: history(opts.files, opts.commits),
      env: GIT_ENV,
      maxBuffer: 1 << 30,
    });
    if (imported.status !== 0) throw new Error(`fast-import failed: ${String(imported.stderr)}`);
    // Recompute deltas as a server's repack does (newest versions whole): fast-import's own pack
    // chains every file's newest version behind its history, which no real remote serves.
    execFileSync("git", ["repack", "-a", "-d", "-f", "--quiet"], { cwd: origin });
    const packMb =
      Number(
        execFileSync("git", ["count-objects", "-v"], { cwd: origin, encoding: "utf8" }).match(
          /size-pack: (\d+)/,
        )?.[1] ?? 0,
      ) / 1024;
    const url = `file://${origin}`;

    const workspaces = createWorkspaces({
      cacheDir: join(root, "cache"),
      logger: pino({ level: "silent" }),
    });
    const prepare = (runId: string) =>
      workspaces.prepare({
        repoFullName: "bench/repo",
        cloneUrl: url,
        defaultBranch: "main",
        token: "",
        runId,
      });
    settle();
    let first: Awaited<ReturnType<typeof prepare>> | undefined;
    const coldPrepareMs = await timeAsync(async () => {
      first = await prepare("cold");
    });
    await first?.remove();

    // Interleaved, each after the disk has settled, so neither pays for the other's writeback.
    const clones: number[] = [];
    const bareClones: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < opts.rounds; i++) {
      const dir = join(root, `clone-${i}`);
      settle();
      clones.push(
        time(() => execFileSync("git", ["clone", "--quiet", url, dir], { env: GIT_ENV })),
      );
      rmSync(dir, { recursive: true, force: true });
      settle();
      bareClones.push(
        time(() => execFileSync("git", ["clone", "--quiet", "-n", url, dir], { env: GIT_ENV })),
      );
      rmSync(dir, { recursive: true, force: true });
      settle();
      let ws: Awaited<ReturnType<typeof prepare>> | undefined;
      warm.push(
        await timeAsync(async () => {
          ws = await prepare(`warm-${i}`);
        }),
      );
      await ws?.remove();
    }
    const cloneMs = median(clones);
    const warmPrepareMs = median(warm);
    return {
      files: opts.files,
      commits: opts.commits,
      packMb,
      cloneMs,
      cloneNoCheckoutMs: median(bareClones),
      coldPrepareMs,
      warmPrepareMs,
      ratio: warmPrepareMs / cloneMs,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
