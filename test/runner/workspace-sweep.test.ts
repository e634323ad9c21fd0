import { existsSync, utimesSync } from "node:fs";
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

  it("is a no-op before any workspace exists", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    expect(await workspaces.sweep(new Date(), HOUR)).toEqual([]);
  });
});
