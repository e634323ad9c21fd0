import { existsSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWorkspaces } from "../../src/runner/workspace.js";
import { createRemote, gitSync, recordingLogger, tempDir, type FakeRemote } from "./helpers.js";

const HOUR = 3_600_000;

describe("sweeping kept workspaces", () => {
  let tmp: ReturnType<typeof tempDir>;
  let remote: FakeRemote;
  let cacheDir: string;

  beforeEach(() => {
    tmp = tempDir();
    remote = createRemote(tmp.path);
    cacheDir = join(tmp.path, "cache");
  });
  afterEach(() => {
    tmp.cleanup();
  });

  const input = (runId: string) => ({
    repoFullName: "acme/calc",
    cloneUrl: remote.url,
    defaultBranch: "main",
    token: "",
    runId,
  });

  it("removes worktrees older than the limit, keeps newer ones, and prunes the mirror", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    const old = await workspaces.prepare(input("old-run"));
    const fresh = await workspaces.prepare(input("fresh-run"));
    const now = new Date();
    const threeDaysAgo = new Date(now.getTime() - 72 * HOUR - 1000);
    utimesSync(old.dir, threeDaysAgo, threeDaysAgo);

    expect(await workspaces.sweep(now, 72 * HOUR)).toEqual(["old-run"]);
    expect(existsSync(old.dir)).toBe(false);
    expect(existsSync(fresh.dir)).toBe(true);
    const listed = gitSync(old.mirrorDir, "worktree", "list", "--porcelain");
    expect(listed).not.toContain("old-run");
    expect(listed).toContain("fresh-run");
    // The next run of the same id starts cleanly.
    const again = await workspaces.prepare(input("old-run"));
    expect(existsSync(join(again.dir, "README.md"))).toBe(true);
  });

  it("does the mirror's housekeeping that fetches leave out", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    const ws = await workspaces.prepare(input("run-1"));
    const packs = () =>
      readdirSync(join(ws.mirrorDir, "objects", "pack")).filter((name) => name.endsWith(".pack"));
    gitSync(ws.mirrorDir, "repack", "-d", "-q");
    remote.commit({ "NEW.md": "new\n" });
    await workspaces.prepare({
      ...input("run-2"),
      headSha: gitSync(remote.bare, "rev-parse", "main"),
    });
    gitSync(ws.mirrorDir, "repack", "-d", "-q");
    expect(packs()).toHaveLength(2);
    // Due as soon as there are two packs.
    gitSync(ws.mirrorDir, "config", "gc.autoPackLimit", "1");

    await workspaces.sweep(new Date(), HOUR);
    expect(packs()).toHaveLength(1);
    expect(gitSync(ws.mirrorDir, "fsck", "--no-progress", "--no-dangling")).toBe("");
  });

  it("runs no hook an agent planted in the mirror while doing it", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    const ws = await workspaces.prepare(input("run-1"));
    const marker = join(cacheDir, "hook-ran");
    // What an agent could do from its worktree: plant a hook and point the config at it.
    writeFileSync(join(ws.mirrorDir, "hooks", "pre-auto-gc"), `#!/bin/sh\ntouch ${marker}\n`, {
      mode: 0o755,
    });
    gitSync(ws.mirrorDir, "config", "core.hooksPath", join(ws.mirrorDir, "hooks"));
    gitSync(ws.mirrorDir, "config", "gc.autoPackLimit", "1");
    /** Two more packs (of new commits a ref keeps): a gc is due, and `gc --auto` asks the hook first. */
    const emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    const makeGcDue = () => {
      for (let i = 0; i < 2; i++) {
        const commit = gitSync(ws.mirrorDir, "commit-tree", emptyTree, "-m", String(Math.random()));
        gitSync(ws.mirrorDir, "update-ref", `refs/test/${commit}`, commit);
        gitSync(ws.mirrorDir, "repack", "-q");
      }
    };

    makeGcDue();
    await workspaces.sweep(new Date(), HOUR);
    expect(existsSync(marker)).toBe(false);
    // The same gc run as git runs it by default does run the hook: the check above can fail.
    makeGcDue();
    gitSync(ws.mirrorDir, "gc", "--auto", "--quiet");
    expect(existsSync(marker)).toBe(true);
  });

  it("is a no-op before any workspace exists", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    expect(await workspaces.sweep(new Date(), HOUR)).toEqual([]);
  });
});
