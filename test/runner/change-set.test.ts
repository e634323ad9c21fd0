import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectChange, type ChangeEntry } from "../../src/runner/change-set.js";
import { commitChange } from "../../src/runner/commit-change.js";
import { createWorkspaces, type Workspace } from "../../src/runner/workspace.js";
import { createRemote, gitSync, recordingLogger, tempDir } from "./helpers.js";

const BOT = { name: "nightshift[bot]", email: "123+nightshift[bot]@users.noreply.github.com" };
const DATE = new Date("2025-01-02T03:04:05Z");

/** An entry as collectChange reports a plain one: no hard link. */
const e = (fields: Omit<ChangeEntry, "hardLinked"> & { hardLinked?: boolean }): ChangeEntry => ({
  hardLinked: false,
  ...fields,
});

describe("collectChange and commitChange", () => {
  let tmp: ReturnType<typeof tempDir>;
  let ws: Workspace;
  const mirror = (...args: string[]) => gitSync(tmp.path, `--git-dir=${ws.mirrorDir}`, ...args);

  beforeEach(async () => {
    tmp = tempDir();
    const remote = createRemote(tmp.path);
    const work = join(tmp.path, "origin-work");
    symlinkSync("README.md", join(work, "readme-link"));
    const submodule = remote.commit({
      "src/sum.js": "a\n",
      ".gitignore": "node_modules/\n*.log\n",
      "bin/run.sh": "#!/bin/sh\n",
      notes: "n\n",
    });
    // A submodule: a gitlink entry (any commit will do; it is never fetched).
    gitSync(work, "update-index", "--add", "--cacheinfo", `160000,${submodule},vendor/sub`);
    gitSync(work, "commit", "--quiet", "-m", "submodule");
    gitSync(work, "push", "--quiet", remote.bare, "HEAD:refs/heads/main");
    ws = await createWorkspaces({
      cacheDir: join(tmp.path, "cache"),
      logger: recordingLogger(),
    }).prepare({
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

  const collect = (maxFiles = 500) => collectChange({ ...ws, maxFiles });

  async function entries(): Promise<ChangeEntry[]> {
    const collected = await collect();
    if (collected.kind !== "listed") throw new Error(collected.kind);
    return collected.entries;
  }

  const commit = async (message = "m") =>
    commitChange({ ...ws, entries: await entries(), message, identity: BOT, date: DATE });

  it("lists nothing when nothing changed (the submodule's empty directory included)", async () => {
    expect(await collect()).toEqual({ kind: "listed", entries: [] });
  });

  it("lists additions, edits, deletions, mode changes and symlinks, respecting .gitignore", async () => {
    writeFileSync(join(ws.dir, "src/sum.js"), "b\n");
    chmodSync(join(ws.dir, "bin/run.sh"), 0o755);
    rmSync(join(ws.dir, "README.md"));
    mkdirSync(join(ws.dir, "test/deep"), { recursive: true });
    writeFileSync(join(ws.dir, "test/deep/sum.test.js"), "t\n");
    writeFileSync(join(ws.dir, "name with spaces é.txt"), "x\n");
    symlinkSync("src/sum.js", join(ws.dir, "sum-link.js"));
    unlinkSync(join(ws.dir, "readme-link"));
    symlinkSync("src/sum.js", join(ws.dir, "readme-link"));
    rmSync(join(ws.dir, "notes"));
    mkdirSync(join(ws.dir, "notes"));
    writeFileSync(join(ws.dir, "notes/today.md"), "today\n");
    // Ignored: by .gitignore, and the agents' scratch files by the mirror's info/exclude.
    mkdirSync(join(ws.dir, "node_modules/x"), { recursive: true });
    writeFileSync(join(ws.dir, "node_modules/x/index.js"), "x\n");
    writeFileSync(join(ws.dir, "debug.log"), "x\n");
    mkdirSync(join(ws.dir, "logs/deep"), { recursive: true });
    writeFileSync(join(ws.dir, "logs/deep/trace.log"), "x\n");
    writeFileSync(join(ws.dir, ".aider.chat.history.md"), "x\n");

    expect(await entries()).toEqual([
      e({ path: "README.md", change: "deleted", kind: "file", size: 0 }),
      e({ path: "bin/run.sh", change: "mode", kind: "executable", size: 10, previousKind: "file" }),
      e({ path: "name with spaces é.txt", change: "added", kind: "file", size: 2 }),
      e({ path: "notes", change: "deleted", kind: "file", size: 0 }),
      e({ path: "notes/today.md", change: "added", kind: "file", size: 6 }),
      e({
        path: "readme-link",
        change: "modified",
        kind: "symlink",
        size: 10,
        linkTarget: "src/sum.js",
        previousKind: "symlink",
      }),
      e({ path: "src/sum.js", change: "modified", kind: "file", size: 2, previousKind: "file" }),
      e({
        path: "sum-link.js",
        change: "added",
        kind: "symlink",
        size: 10,
        linkTarget: "src/sum.js",
      }),
      e({ path: "test/deep/sum.test.js", change: "added", kind: "file", size: 2 }),
    ]);
  });

  it("commits the change in the mirror as the bot, on the base, moving no ref", async () => {
    writeFileSync(join(ws.dir, "src/sum.js"), "b\n");
    chmodSync(join(ws.dir, "bin/run.sh"), 0o755);
    rmSync(join(ws.dir, "README.md"));
    symlinkSync("src/sum.js", join(ws.dir, "sum-link.js"));
    rmSync(join(ws.dir, "notes"));
    mkdirSync(join(ws.dir, "notes"));
    writeFileSync(join(ws.dir, "notes/today.md"), "today\n");
    const refs = mirror("for-each-ref");

    const sha = await commit("Fix sum  \n\n\n#1 is mentioned at a line start\nCloses #12\n\n");

    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(mirror("rev-parse", `${sha}^`)).toBe(ws.baseSha);
    expect(mirror("log", "-1", "--format=%an|%ae|%cn|%ce|%aI|%cI", sha)).toBe(
      `${BOT.name}|${BOT.email}|${BOT.name}|${BOT.email}|2025-01-02T03:04:05+00:00|2025-01-02T03:04:05+00:00`,
    );
    expect(mirror("log", "-1", "--format=%B", sha)).toBe(
      "Fix sum\n\n#1 is mentioned at a line start\nCloses #12",
    );
    expect(mirror("show", "--no-renames", "--name-status", "--format=", sha)).toBe(
      "D\tREADME.md\nM\tbin/run.sh\nD\tnotes\nA\tnotes/today.md\nM\tsrc/sum.js\nA\tsum-link.js",
    );
    expect(mirror("ls-tree", sha, "bin/run.sh", "sum-link.js", "vendor/sub")).toMatch(
      /^100755 blob \w+\tbin\/run\.sh\n120000 blob \w+\tsum-link\.js\n160000 commit \w+\tvendor\/sub$/,
    );
    expect(mirror("cat-file", "blob", `${sha}:sum-link.js`)).toBe("src/sum.js");
    expect(mirror("for-each-ref")).toBe(refs);
    expect(gitSync(ws.dir, "rev-parse", "HEAD")).toBe(ws.baseSha);
  });

  it("reads and commits the bytes on disk whatever the agent did to the index, HEAD, .git, attributes and hooks", async () => {
    // The agent commits on a branch of its own (its git, its filters: before they are planted).
    writeFileSync(join(ws.dir, "committed.txt"), "c\n");
    gitSync(ws.dir, "checkout", "--quiet", "-b", "agent");
    gitSync(ws.dir, "add", "committed.txt");
    gitSync(ws.dir, "commit", "--quiet", "-m", "agent commit");
    // Then plants attributes and a filter that would rewrite content and leave a marker...
    const marker = join(tmp.path, "filter-ran");
    writeFileSync(join(ws.dir, ".gitattributes"), "* filter=evil\n*.txt text eol=crlf\n");
    mirror("config", "filter.evil.clean", `sh -c 'touch ${marker}; tr a-z A-Z'`);
    mirror("config", "filter.evil.required", "true");
    mirror("config", "core.autocrlf", "true");
    // Hooks git would run while an index is written or a commit made.
    for (const hook of ["post-index-change", "pre-commit", "post-commit"]) {
      writeFileSync(join(ws.mirrorDir, "hooks", hook), `#!/bin/sh\ntouch ${marker}\n`, {
        mode: 0o755,
      });
    }
    writeFileSync(join(ws.dir, "crlf.txt"), "one\r\ntwo\n");
    writeFileSync(join(ws.dir, "lf.txt"), "one\ntwo\n");
    // ...poisons the index and points the .git link elsewhere.
    const admin = readFileSync(join(ws.dir, ".git"), "utf8")
      .replace(/^gitdir: /, "")
      .trim();
    writeFileSync(join(admin, "index"), "garbage");
    writeFileSync(join(ws.dir, ".git"), `gitdir: ${join(tmp.path, "elsewhere")}\n`);

    expect((await entries()).map((entry) => `${entry.change} ${entry.path}`)).toEqual([
      "added .gitattributes",
      "added committed.txt",
      "added crlf.txt",
      "added lf.txt",
    ]);
    const sha = await commit();
    expect(mirror("rev-parse", `${sha}^`)).toBe(ws.baseSha);
    for (const path of ["crlf.txt", "lf.txt", "committed.txt", ".gitattributes"]) {
      const blob = execFileSync("git", [
        `--git-dir=${ws.mirrorDir}`,
        "cat-file",
        "blob",
        `${sha}:${path}`,
      ]);
      expect(blob.equals(readFileSync(join(ws.dir, path)))).toBe(true);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it("compares with the base commit itself, not a replacement the agent planted in the mirror", async () => {
    const other = createRemote(join(tmp.path), "other").commit({ "planted.txt": "p\n" });
    mirror("fetch", "--quiet", join(tmp.path, "other.git"), "main");
    mirror("replace", ws.baseSha, other);
    expect(await collect()).toEqual({ kind: "listed", entries: [] });
    writeFileSync(join(ws.dir, "new.txt"), "n\n");
    const sha = await commit();
    expect(mirror("--no-replace-objects", "ls-tree", "--name-only", sha, "planted.txt")).toBe("");
  });

  it("reports what validation must refuse: nested .git, special files, hard links, bad names, submodules", async () => {
    gitSync(ws.dir, "init", "--quiet", "vendor/lib");
    execFileSync("mkfifo", [join(ws.dir, "pipe")]);
    linkSync(join(ws.dir, "src/sum.js"), join(ws.dir, "copy.js"));
    writeFileSync(Buffer.concat([Buffer.from(`${ws.dir}/bad-`), Buffer.from([0xff])]), "x");
    rmSync(join(ws.dir, "vendor/sub"), { recursive: true });
    writeFileSync(join(ws.dir, "vendor/sub"), "not a submodule\n");

    expect(await entries()).toEqual([
      e({ path: "bad-\uFFFD", change: "added", kind: "other", size: 0, invalidName: true }),
      e({ path: "copy.js", change: "added", kind: "file", size: 2, hardLinked: true }),
      e({ path: "pipe", change: "added", kind: "other", size: 0 }),
      e({ path: "vendor/lib/.git", change: "added", kind: "other", size: 0 }),
      e({
        path: "vendor/sub",
        change: "modified",
        kind: "file",
        size: 16,
        previousKind: "submodule",
      }),
    ]);
  });

  it("reports a removed submodule as a deletion", async () => {
    rmSync(join(ws.dir, "vendor/sub"), { recursive: true });
    expect(await entries()).toEqual([
      e({ path: "vendor/sub", change: "deleted", kind: "submodule", size: 0 }),
    ]);
  });

  it("stops listing past the file cap; ignored files do not count", async () => {
    mkdirSync(join(ws.dir, "node_modules/many"), { recursive: true });
    mkdirSync(join(ws.dir, "many"));
    for (let i = 0; i < 300; i++) {
      writeFileSync(join(ws.dir, "node_modules/many", `${i}.js`), "x");
    }
    expect(await collect(10)).toEqual({ kind: "listed", entries: [] });
    for (let i = 0; i < 300; i++) writeFileSync(join(ws.dir, "many", `${i}.js`), "x");
    expect(await collect(10)).toEqual({ kind: "too-many-files", limit: 10 });
    expect((await collect(300)).kind).toBe("listed");
  });
});
