import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { foreignCommits, pushBranch, remoteBranches } from "../../src/github/git.js";
import { createWorkspaces, type Workspace } from "../../src/runner/workspace.js";
import {
  commitWorktree,
  createRemote,
  gitSync,
  recordingLogger,
  tempDir,
  type FakeRemote,
} from "./helpers.js";

const BOT = { name: "nightshift[bot]", email: "1+nightshift[bot]@users.noreply.github.com" };

describe("who owns a remote branch", () => {
  let tmp: ReturnType<typeof tempDir>;
  let remote: FakeRemote;
  let ws: Workspace;

  beforeEach(async () => {
    tmp = tempDir();
    remote = createRemote(tmp.path);
    ws = await createWorkspaces({
      cacheDir: join(tmp.path, "cache"),
      logger: recordingLogger(),
    }).prepare({
      repoFullName: "acme/calc",
      cloneUrl: remote.url,
      defaultBranch: "main",
      token: "",
      runId: "r1",
    });
  });
  afterEach(() => {
    tmp.cleanup();
  });

  async function pushAsBot(branch: string, content: string): Promise<string> {
    writeFileSync(join(ws.dir, "fix.txt"), content);
    const sha = await commitWorktree(ws, "fix", BOT);
    const pushed = await pushBranch({
      mirrorDir: ws.mirrorDir,
      remoteUrl: remote.url,
      token: "",
      branch,
      sha,
      force: true,
    });
    expect(pushed).toEqual({ ok: true });
    return sha;
  }

  const check = (branch: string) =>
    foreignCommits({
      mirrorDir: ws.mirrorDir,
      remoteUrl: remote.url,
      token: "",
      branch,
      baseSha: ws.baseSha,
      identity: BOT,
    });

  it("lists the issue's branches by prefix only, not another issue's", async () => {
    await pushAsBot("nightshift/1-old-title", "a");
    await pushAsBot("nightshift/12-other", "b");
    await pushAsBot("feature/nightshift/1-x", "c");
    const found = await remoteBranches({
      remoteUrl: remote.url,
      token: "",
      pattern: "nightshift/1-*",
    });
    expect([...found.keys()]).toEqual(["nightshift/1-old-title"]);
  });

  it("finds only the bot's commits on a branch it pushed, and reports the tip", async () => {
    const sha = await pushAsBot("nightshift/1-x", "bot");
    expect(await check("nightshift/1-x")).toEqual({ tip: sha, foreign: [] });
  });

  it("names a human's commit on top of the bot's", async () => {
    await pushAsBot("nightshift/1-x", "bot");
    const work = join(tmp.path, "human");
    gitSync(tmp.path, "clone", "--quiet", "-b", "nightshift/1-x", remote.bare, work);
    writeFileSync(join(work, "fix.txt"), "human");
    gitSync(work, "commit", "--quiet", "-am", "human fix");
    gitSync(work, "push", "--quiet", "origin", "HEAD:nightshift/1-x");
    const { tip, foreign } = await check("nightshift/1-x");
    expect(tip).toBe(gitSync(work, "rev-parse", "HEAD"));
    expect(foreign).toEqual([
      { sha: tip, author: "Test <test@example.com>", committer: "Test <test@example.com>" },
    ]);
  });

  it("counts a commit that only borrows the bot's name as an author as foreign", async () => {
    await pushAsBot("nightshift/1-x", "bot");
    const work = join(tmp.path, "human");
    gitSync(tmp.path, "clone", "--quiet", "-b", "nightshift/1-x", remote.bare, work);
    writeFileSync(join(work, "fix.txt"), "spoof");
    gitSync(work, "commit", "--quiet", "-am", "spoof", `--author=${BOT.name} <${BOT.email}>`);
    gitSync(work, "push", "--quiet", "origin", "HEAD:nightshift/1-x");
    expect((await check("nightshift/1-x")).foreign).toHaveLength(1);
  });
});
