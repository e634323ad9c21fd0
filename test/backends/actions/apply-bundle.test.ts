import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyBundle } from "../../../src/backends/actions/apply-bundle.js";
import { CHANGE_REF } from "../../../src/backends/actions/change-bundle.js";
import { acceptChange } from "../../../src/run/accept.js";
import { createWorkspaces, type Workspace } from "../../../src/runner/workspace.js";
import { createRemote, recordingLogger, tempDir, type FakeRemote } from "../../runner/helpers.js";
import { LIMITS } from "./helpers.js";

// Built at run time so no secret scanner takes it for a real token.
const TOKEN = ["ghs", "0123456789abcdefghijABCDEFGHIJ012345"].join("_");

describe("applying a job's bundle to a fresh worktree", () => {
  let tmp: ReturnType<typeof tempDir>;
  let remote: FakeRemote;
  let base: string;
  let ws: Workspace;
  let work: string;
  let counter = 0;

  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: work,
      env: {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_AUTHOR_NAME: "a",
        GIT_AUTHOR_EMAIL: "a@b",
        GIT_COMMITTER_NAME: "a",
        GIT_COMMITTER_EMAIL: "a@b",
      },
      encoding: "utf8",
      input: "",
    }).trim();

  beforeEach(async () => {
    tmp = tempDir("nightshift-apply-");
    remote = createRemote(tmp.path);
    const remoteWork = join(tmp.path, "origin-work");
    symlinkSync("../../outside", join(remoteWork, "out"));
    base = remote.commit({ "src/a.txt": "a\n", "dir/inner.txt": "inner\n" });
    ws = await createWorkspaces({
      cacheDir: join(tmp.path, "bot"),
      logger: recordingLogger(),
    }).prepare({
      repoFullName: "acme/calc",
      cloneUrl: remote.url,
      defaultBranch: "main",
      token: "",
      runId: "bot-run",
    });
    work = join(tmp.path, `job-${++counter}`);
    execFileSync("git", ["clone", "--quiet", remote.url, work]);
  });
  afterEach(() => {
    tmp.cleanup();
  });

  /** Commits whatever `build` left in the job's clone, and bundles it as a job does. */
  function bundle(build: () => unknown): { bundle: Buffer; commit: string } {
    const made = build();
    if (typeof made !== "string") {
      git("add", "-A");
      git("commit", "--quiet", "-m", "job");
    }
    const commit = typeof made === "string" ? made : git("rev-parse", "HEAD");
    git("update-ref", CHANGE_REF, commit);
    const file = join(tmp.path, `change-${counter}.bundle`);
    git("bundle", "create", "--quiet", file, CHANGE_REF, `^${base}`);
    return { bundle: readFileSync(file), commit };
  }

  const apply = (made: { bundle: Buffer; commit: string }, limits = LIMITS.changes) =>
    applyBundle({ workspace: ws, ...made, limits });

  it("turns a symlink into a directory without writing through the old link", async () => {
    const made = bundle(() => {
      git("rm", "--quiet", "out", "dir/inner.txt");
      mkdirSync(join(work, "out"));
      writeFileSync(join(work, "out", "file.txt"), "inside\n");
      writeFileSync(join(work, "dir"), "now a file\n");
      writeFileSync(join(work, "run.sh"), "#!/bin/sh\n", { mode: 0o755 });
    });
    expect(await apply(made)).toEqual({ kind: "applied", paths: 5 });
    expect(lstatSync(join(ws.dir, "out")).isDirectory()).toBe(true);
    expect(readFileSync(join(ws.dir, "out", "file.txt"), "utf8")).toBe("inside\n");
    expect(existsSync(join(tmp.path, "outside"))).toBe(false);
    expect(readFileSync(join(ws.dir, "dir"), "utf8")).toBe("now a file\n");
    expect(lstatSync(join(ws.dir, "run.sh")).mode & 0o111).not.toBe(0);
    const accepted = await acceptChange(ws, LIMITS.changes);
    expect(accepted.kind).toBe("change");
  });

  it("leaves escaping symlinks and credentials to the accept step, which refuses them as for a local run", async () => {
    const made = bundle(() => {
      symlinkSync("/etc/passwd", join(work, "passwd"));
      writeFileSync(join(work, "src/a.txt"), `token = "${TOKEN}"\n`);
    });
    expect((await apply(made)).kind).toBe("applied");
    expect(readlinkSync(join(ws.dir, "passwd"))).toBe("/etc/passwd");
    const accepted = await acceptChange(ws, LIMITS.changes);
    expect(accepted).toMatchObject({
      kind: "refused",
      reason: expect.stringMatching(
        /`passwd` is a symlink to `\/etc\/passwd`.*`src\/a.txt` holds what looks like a GitHub token/,
      ) as unknown,
    });
  });

  it("refuses what it must not write: oversized files, nested .git, submodules", async () => {
    const big = bundle(() => {
      writeFileSync(join(work, "big.bin"), Buffer.alloc(4096, 1));
    });
    const small = { ...LIMITS.changes, maxFileBytes: 1000, maxTotalBytes: 2000 };
    expect(await apply(big, small)).toMatchObject({
      kind: "refused",
      reason: expect.stringContaining(
        "`big.bin` is 4.0 KB, more than the 1000 bytes a file may be",
      ) as unknown,
    });
    expect(existsSync(join(ws.dir, "big.bin"))).toBe(false);

    const blob = git("hash-object", "-w", "--stdin");
    const dotGit = bundle(() => {
      const tree = execFileSync("git", ["mktree"], {
        cwd: work,
        input: `100644 blob ${blob}\t.git\n`,
        encoding: "utf8",
      }).trim();
      return git("commit-tree", tree, "-p", base, "-m", "evil");
    });
    expect(await apply(dotGit)).toMatchObject({
      kind: "refused",
      violations: [{ kind: "git-dir", path: ".git" }],
    });

    const gitlink = bundle(() => {
      git("reset", "--quiet", "--hard", base);
      git("update-index", "--add", "--cacheinfo", `160000,${base},vendor/lib`);
      git("commit", "--quiet", "-m", "submodule");
      return git("rev-parse", "HEAD");
    });
    expect(await apply(gitlink)).toMatchObject({
      kind: "refused",
      violations: [{ kind: "submodule", path: "vendor/lib" }],
    });
    expect(existsSync(join(ws.dir, "vendor"))).toBe(false);
  });

  it("refuses a bundle that is not one commit on the base, or not the one announced", async () => {
    const two = bundle(() => {
      writeFileSync(join(work, "a"), "1");
      git("add", "-A");
      git("commit", "--quiet", "-m", "one");
      writeFileSync(join(work, "b"), "2");
    });
    expect(await apply(two)).toMatchObject({
      kind: "refused",
      reason: expect.stringContaining("not one commit on top") as unknown,
    });
    const one = bundle(() => {
      git("reset", "--quiet", "--hard", base);
      writeFileSync(join(work, "c"), "3");
    });
    expect(await apply({ ...one, commit: "f".repeat(40) })).toMatchObject({ kind: "refused" });
    expect(
      await apply({ bundle: Buffer.from("# v2 git bundle\ngarbage"), commit: one.commit }),
    ).toMatchObject({
      kind: "refused",
      reason: "the change bundle cannot be read against the base commit",
    });
    expect(await apply(one)).toEqual({ kind: "applied", paths: 1 });
  });
});
