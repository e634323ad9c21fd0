import { linkSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commitAll, ContainmentError, listChangedFiles } from "../../src/runner/changes.js";
import { createWorkspaces, type Workspace } from "../../src/runner/workspace.js";
import { createRemote, gitSync, recordingLogger, tempDir } from "./helpers.js";

const AUTHOR = {
  authorName: "nightshift[bot]",
  authorEmail: "123+nightshift[bot]@users.noreply.github.com",
};

describe("changes", () => {
  let tmp: ReturnType<typeof tempDir>;
  let ws: Workspace;

  beforeEach(async () => {
    tmp = tempDir();
    const remote = createRemote(tmp.path);
    remote.commit({ "src/sum.js": "a\n", ".gitignore": "node_modules/\n*.log\n" });
    const workspaces = createWorkspaces({
      cacheDir: join(tmp.path, "cache"),
      logger: recordingLogger(),
    });
    ws = await workspaces.prepare({
      repoFullName: "acme/calc",
      cloneUrl: remote.url,
      defaultBranch: "main",
      token: "t",
      runId: "run-1",
    });
  });
  afterEach(() => {
    tmp.cleanup();
  });

  it("lists nothing and commits nothing when nothing changed", async () => {
    expect(await listChangedFiles(ws.dir)).toEqual([]);
    expect(await commitAll(ws.dir, { message: "m", ...AUTHOR, baseSha: ws.baseSha })).toBeNull();
    expect(gitSync(ws.dir, "rev-parse", "HEAD")).toBe(ws.baseSha);
  });

  it("lists tracked and untracked changes, respecting .gitignore and the agents' scratch files", async () => {
    writeFileSync(join(ws.dir, "src/sum.js"), "b\n");
    mkdirSync(join(ws.dir, "test/deep"), { recursive: true });
    writeFileSync(join(ws.dir, "test/deep/sum.test.js"), "t\n");
    writeFileSync(join(ws.dir, "name with spaces é.txt"), "x\n");
    rmSync(join(ws.dir, "README.md"));
    mkdirSync(join(ws.dir, "node_modules/x"), { recursive: true });
    writeFileSync(join(ws.dir, "node_modules/x/index.js"), "x\n");
    writeFileSync(join(ws.dir, "debug.log"), "x\n");
    writeFileSync(join(ws.dir, ".aider.chat.history.md"), "x\n");
    expect(await listChangedFiles(ws.dir)).toEqual([
      "README.md",
      "name with spaces é.txt",
      "src/sum.js",
      "test/deep/sum.test.js",
    ]);
  });

  it("commits everything as the bot, author and committer, at the given date", async () => {
    writeFileSync(join(ws.dir, "src/sum.js"), "b\n");
    writeFileSync(join(ws.dir, "new.js"), "n\n");
    rmSync(join(ws.dir, "README.md"));
    const date = new Date("2025-01-02T03:04:05Z");
    const message = "Fix sum\n\n#1 is mentioned at a line start\nCloses #12";
    const sha = await commitAll(ws.dir, { message, ...AUTHOR, date, baseSha: ws.baseSha });

    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(gitSync(ws.dir, "rev-parse", "HEAD")).toBe(sha);
    expect(gitSync(ws.dir, "rev-parse", "HEAD^")).toBe(ws.baseSha);
    const format = "%an|%ae|%cn|%ce|%aI|%cI";
    expect(gitSync(ws.dir, "log", "-1", `--format=${format}`)).toBe(
      `${AUTHOR.authorName}|${AUTHOR.authorEmail}|${AUTHOR.authorName}|${AUTHOR.authorEmail}|2025-01-02T03:04:05+00:00|2025-01-02T03:04:05+00:00`,
    );
    expect(gitSync(ws.dir, "log", "-1", "--format=%B")).toBe(message);
    expect(gitSync(ws.dir, "show", "--name-status", "--format=")).toBe(
      "D\tREADME.md\nA\tnew.js\nM\tsrc/sum.js",
    );
    expect(await listChangedFiles(ws.dir)).toEqual([]);
  });

  it("does not run hooks the agent planted", async () => {
    const hooks = join(ws.mirrorDir, "hooks");
    mkdirSync(hooks, { recursive: true });
    writeFileSync(join(hooks, "pre-commit"), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    writeFileSync(join(ws.dir, "new.js"), "n\n");
    expect(await commitAll(ws.dir, { message: "m", ...AUTHOR })).toMatch(/^[0-9a-f]{40}$/);
  });

  const refusals: [string, (dir: string) => unknown, RegExp][] = [
    [
      "a symlink escaping the worktree",
      (dir) => {
        symlinkSync("/etc/passwd", join(dir, "passwd"));
      },
      /symlink/,
    ],
    [
      "a relative symlink climbing out",
      (dir) => {
        symlinkSync("../../../../etc", join(dir, "src/etc"));
      },
      /symlink/,
    ],
    [
      "a dangling symlink pointing out",
      (dir) => {
        symlinkSync("/nonexistent/x", join(dir, "x"));
      },
      /symlink/,
    ],
    [
      "a hard link",
      (dir) => {
        linkSync(join(dir, "README.md"), join(dir, "copy.md"));
      },
      /hard link/,
    ],
    [
      "a nested repository",
      (dir) => gitSync(dir, "init", "--quiet", "vendor/lib"),
      /nested git repository/,
    ],
    [
      "a replaced .git file",
      (dir) => {
        writeFileSync(join(dir, ".git"), "gitdir: /tmp/elsewhere\n");
      },
      /\.git/,
    ],
    [
      "a branch checked out",
      (dir) => gitSync(dir, "checkout", "--quiet", "-b", "agent-branch"),
      /checked out/,
    ],
  ];

  it.each(refusals)("refuses %s", async (_name, act, message) => {
    act(ws.dir);
    await expect(listChangedFiles(ws.dir)).rejects.toThrow(ContainmentError);
    await expect(commitAll(ws.dir, { message: "m", ...AUTHOR })).rejects.toThrow(message);
  });

  it("accepts a symlink that stays inside the worktree", async () => {
    symlinkSync("src/sum.js", join(ws.dir, "sum-link.js"));
    expect(await listChangedFiles(ws.dir)).toEqual(["sum-link.js"]);
  });

  it("refuses when the agent committed, given the base sha", async () => {
    writeFileSync(join(ws.dir, "new.js"), "n\n");
    gitSync(ws.dir, "add", "new.js");
    gitSync(ws.dir, "commit", "--quiet", "-m", "agent commit");
    await expect(
      commitAll(ws.dir, { message: "m", ...AUTHOR, baseSha: ws.baseSha }),
    ).rejects.toThrow(/HEAD moved/);
  });
});
