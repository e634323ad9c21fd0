import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pushBranch, remoteBranchSha } from "../../src/github/git.js";
import { createWorkspaces, type Workspace } from "../../src/runner/workspace.js";
import {
  commitWorktree,
  createRemote,
  gitSync,
  recordingLogger,
  tempDir,
  type FakeRemote,
} from "./helpers.js";

const TOKEN = "ghs_PushTestToken";
const BRANCH = "nightshift/12-fix-sum";

describe("pushBranch and remoteBranchSha", () => {
  let tmp: ReturnType<typeof tempDir>;
  let remote: FakeRemote;
  let prepare: (runId: string) => Promise<Workspace>;

  beforeEach(() => {
    tmp = tempDir();
    remote = createRemote(tmp.path);
    const workspaces = createWorkspaces({
      cacheDir: join(tmp.path, "cache"),
      logger: recordingLogger(),
    });
    prepare = (runId) =>
      workspaces.prepare({
        repoFullName: "acme/calc",
        cloneUrl: remote.url,
        defaultBranch: "main",
        token: TOKEN,
        runId,
      });
  });
  afterEach(() => {
    tmp.cleanup();
  });

  /** Each workspace's latest commit: the next one goes on top of it. */
  const tips = new Map<Workspace, string>();

  async function commitIn(ws: Workspace, file: string, content: string): Promise<string> {
    writeFileSync(join(ws.dir, file), content);
    const sha = await commitWorktree(
      { ...ws, baseSha: tips.get(ws) ?? ws.baseSha },
      `edit ${file}`,
    );
    tips.set(ws, sha);
    return sha;
  }

  const push = (
    ws: Workspace,
    sha: string,
    extra: { force?: boolean; expectedSha?: string | null } = {},
  ) =>
    pushBranch({
      mirrorDir: ws.mirrorDir,
      remoteUrl: remote.url,
      token: TOKEN,
      branch: BRANCH,
      sha,
      force: false,
      ...extra,
    });

  it("pushes a new branch and reads it back with ls-remote", async () => {
    const ws = await prepare("run-1");
    const sha = await commitIn(ws, "a.txt", "a\n");
    expect(
      await remoteBranchSha({ remoteUrl: remote.url, token: TOKEN, branch: BRANCH }),
    ).toBeNull();

    expect(await push(ws, sha)).toEqual({ ok: true });
    expect(await remoteBranchSha({ remoteUrl: remote.url, token: TOKEN, branch: BRANCH })).toBe(
      sha,
    );
    expect(gitSync(remote.bare, "rev-parse", `refs/heads/${BRANCH}`)).toBe(sha);
    // The mirror's default branch is untouched, and no other branch matches by suffix.
    expect(
      await remoteBranchSha({ remoteUrl: remote.url, token: TOKEN, branch: "fix-sum" }),
    ).toBeNull();
  });

  it("fast-forwards without force", async () => {
    const ws = await prepare("run-1");
    const first = await commitIn(ws, "a.txt", "a\n");
    expect(await push(ws, first)).toEqual({ ok: true });
    const second = await commitIn(ws, "b.txt", "b\n");
    expect(await push(ws, second)).toEqual({ ok: true });
    expect(gitSync(remote.bare, "rev-parse", `refs/heads/${BRANCH}`)).toBe(second);
  });

  it("refuses a non-fast-forward without force", async () => {
    const one = await prepare("run-1");
    const two = await prepare("run-2");
    const theirs = await commitIn(one, "a.txt", "human\n");
    expect(await push(one, theirs)).toEqual({ ok: true });
    const ours = await commitIn(two, "a.txt", "rerun\n");

    const result = await push(two, ours);
    expect(result).toMatchObject({ ok: false, reason: "rejected" });
    expect(gitSync(remote.bare, "rev-parse", `refs/heads/${BRANCH}`)).toBe(theirs);
  });

  it("forces with a lease: only over the sha the caller saw", async () => {
    const one = await prepare("run-1");
    const two = await prepare("run-2");
    const before = await commitIn(one, "a.txt", "night one\n");
    expect(await push(one, before)).toEqual({ ok: true });
    const rerun = await commitIn(two, "a.txt", "night two\n");

    // Someone pushed after the caller looked: the lease on `before` no longer holds.
    const human = await commitIn(one, "b.txt", "human\n");
    expect(await push(one, human)).toEqual({ ok: true });
    const stale = await push(two, rerun, { force: true, expectedSha: before });
    expect(stale).toMatchObject({ ok: false, reason: "rejected" });
    expect(gitSync(remote.bare, "rev-parse", `refs/heads/${BRANCH}`)).toBe(human);

    // "Must not exist" fails too; a lease on the current sha succeeds.
    expect(await push(two, rerun, { force: true, expectedSha: null })).toMatchObject({
      ok: false,
      reason: "rejected",
    });
    expect(await push(two, rerun, { force: true, expectedSha: human })).toEqual({ ok: true });
    expect(gitSync(remote.bare, "rev-parse", `refs/heads/${BRANCH}`)).toBe(rerun);
  });

  it("forces over whatever is there when the caller gives no expected sha", async () => {
    const one = await prepare("run-1");
    const two = await prepare("run-2");
    expect(await push(one, await commitIn(one, "a.txt", "1\n"))).toEqual({ ok: true });
    const rerun = await commitIn(two, "a.txt", "2\n");
    expect(await push(two, rerun, { force: true })).toEqual({ ok: true });
    expect(gitSync(remote.bare, "rev-parse", `refs/heads/${BRANCH}`)).toBe(rerun);
  });

  it("reports errors without the token", async () => {
    const ws = await prepare("run-1");
    const sha = await commitIn(ws, "a.txt", "a\n");
    const missing = await pushBranch({
      mirrorDir: ws.mirrorDir,
      remoteUrl: `file://${join(tmp.path, "nope.git")}`,
      token: TOKEN,
      branch: BRANCH,
      sha,
      force: false,
    });
    expect(missing).toMatchObject({ ok: false, reason: "error" });
    expect(JSON.stringify(missing)).not.toContain(TOKEN);
    expect(
      await pushBranch({
        mirrorDir: ws.mirrorDir,
        remoteUrl: remote.url,
        token: TOKEN,
        branch: "bad..name",
        sha,
        force: false,
      }),
    ).toMatchObject({ ok: false, reason: "error" });
    await expect(
      remoteBranchSha({
        remoteUrl: `file://${join(tmp.path, "nope.git")}`,
        token: TOKEN,
        branch: BRANCH,
      }),
    ).rejects.toThrow(/ls-remote/);
  });

  it("does not read config the agent planted in the mirror", async () => {
    const ws = await prepare("run-1");
    const sha = await commitIn(ws, "a.txt", "a\n");
    // An insteadOf in the mirror would redirect a push made from it.
    const decoy = join(tmp.path, "decoy.git");
    gitSync(tmp.path, "init", "--bare", "--quiet", decoy);
    gitSync(ws.mirrorDir, "config", `url.file://${decoy}.insteadOf`, remote.url);
    expect(await push(ws, sha)).toEqual({ ok: true });
    expect(gitSync(remote.bare, "rev-parse", `refs/heads/${BRANCH}`)).toBe(sha);
    expect(gitSync(decoy, "for-each-ref")).toBe("");
  });
});
