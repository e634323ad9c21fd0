import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authHeader } from "../../src/runner/git-cli.js";
import { createWorkspaces } from "../../src/runner/workspace.js";
import { createRemote, gitSync, recordingLogger, tempDir, type FakeRemote } from "./helpers.js";

const TOKEN = "ghs_WorkspaceTestToken0123456789";

/** Every path in a worktree but its `.git` link, with each file's content ("dir" for a directory). */
function snapshot(dir: string): Record<string, string> {
  const entries = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name !== ".git")
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return [name, statSync(path).isDirectory() ? "dir" : readFileSync(path, "utf8")] as const;
    });
  return Object.fromEntries(entries);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

describe("createWorkspaces", () => {
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
    token: TOKEN,
    runId,
  });

  it("reclaim puts back the admin directory and link an agent rewrote, so later fetches work", async () => {
    const workspaces = createWorkspaces({
      cacheDir,
      logger: recordingLogger(),
      maxIdleWorktrees: 0,
    });
    const ws = await workspaces.prepare(input("hostile"));
    const admin = join(ws.mirrorDir, "worktrees", "hostile");
    const evil = join(tmp.path, "evil");
    mkdirSync(join(evil, "worktrees", "x"), { recursive: true });
    // A HEAD naming a commit the mirror never had (one made in a sandbox), a common dir elsewhere,
    // a per-worktree ref, and a `.git` link to a directory of the agent's.
    writeFileSync(join(admin, "HEAD"), "1".repeat(40) + "\n");
    writeFileSync(join(admin, "commondir"), `${evil}\n`);
    mkdirSync(join(admin, "refs", "worktree"), { recursive: true });
    writeFileSync(join(admin, "refs", "worktree", "x"), "2".repeat(40) + "\n");
    writeFileSync(join(ws.dir, ".git"), `gitdir: ${join(evil, "worktrees", "x")}\n`);
    writeFileSync(join(ws.dir, "change.txt"), "the agent's work\n");

    await ws.reclaim();

    expect(readFileSync(join(ws.dir, ".git"), "utf8")).toBe(`gitdir: ${admin}\n`);
    expect(readFileSync(join(admin, "HEAD"), "utf8")).toBe(`${ws.baseSha}\n`);
    expect(existsSync(join(admin, "refs"))).toBe(false);
    expect(gitSync(ws.dir, "status", "--porcelain")).toBe("?? change.txt");
    remote.commit({ "later.txt": "x\n" });
    const next = await workspaces.prepare(input("next"));
    expect(existsSync(join(next.dir, "later.txt"))).toBe(true);
  });

  it("creates the mirror once, then fetches into it, and checks out the default branch head", async () => {
    const logger = recordingLogger();
    const workspaces = createWorkspaces({ cacheDir, logger });

    const first = await workspaces.prepare(input("run-1"));
    expect(first.mirrorDir).toBe(join(cacheDir, "mirrors", "acme", "calc.git"));
    expect(first.dir).toBe(join(cacheDir, "worktrees", "run-1"));
    expect(first.baseSha).toBe(gitSync(remote.bare, "rev-parse", "main"));
    expect(readFileSync(join(first.dir, "README.md"), "utf8")).toBe("# demo\n");
    expect(gitSync(first.dir, "rev-parse", "HEAD")).toBe(first.baseSha);

    const newer = remote.commit({ "src/sum.js": "export const sum = (a, b) => a + b;\n" });
    const second = await workspaces.prepare(input("run-2"));
    expect(second.baseSha).toBe(newer);
    expect(existsSync(join(second.dir, "src/sum.js"))).toBe(true);
    // The first worktree still sits at its own base.
    expect(gitSync(first.dir, "rev-parse", "HEAD")).not.toBe(newer);

    const created = logger.lines.filter((line) => line.msg === "mirror created");
    const fetched = logger.lines.filter((line) => line.msg === "mirror fetched");
    expect(created).toHaveLength(1);
    expect(fetched).toHaveLength(2);
    // A fresh factory (a restarted bot) reuses the mirror on disk.
    await createWorkspaces({ cacheDir, logger }).prepare(input("run-3"));
    expect(logger.lines.filter((line) => line.msg === "mirror created")).toHaveLength(1);
  });

  it("stores the plain clone URL and never writes the token under the mirror or worktree", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    const ws = await workspaces.prepare(input("run-1"));
    await workspaces.prepare(input("run-2"));

    expect(gitSync(ws.mirrorDir, "config", "remote.origin.url")).toBe(remote.url);
    // Branches and tags (gates may run `git describe`), never pull request refs.
    expect(gitSync(ws.mirrorDir, "config", "--get-all", "remote.origin.fetch")).toBe(
      "+refs/heads/*:refs/remotes/origin/*\n+refs/tags/*:refs/tags/*",
    );
    const header = authHeader(TOKEN).split(" ").pop() ?? "";
    const files = [...filesUnder(ws.mirrorDir), ...filesUnder(ws.dir)];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(bytes.includes(TOKEN), file).toBe(false);
      expect(bytes.includes(header), file).toBe(false);
    }
  });

  it("brings tags along, so gates can run git describe", async () => {
    gitSync(remote.bare, "tag", "v1.0.0", "main");
    const ws = await createWorkspaces({ cacheDir, logger: recordingLogger() }).prepare(
      input("run-1"),
    );
    expect(gitSync(ws.dir, "describe", "--tags")).toBe("v1.0.0");
  });

  it("serializes two prepares of one repository started at once", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    const [a, b, c] = await Promise.all([
      workspaces.prepare(input("run-a")),
      workspaces.prepare(input("run-b")),
      workspaces.prepare(input("run-c")),
    ]);
    expect(new Set([a.dir, b.dir, c.dir]).size).toBe(3);
    for (const ws of [a, b, c]) {
      expect(ws.baseSha).toBe(gitSync(remote.bare, "rev-parse", "main"));
      expect(readFileSync(join(ws.dir, "README.md"), "utf8")).toBe("# demo\n");
    }
    expect(gitSync(a.mirrorDir, "fsck", "--no-progress")).toBe("");
  });

  it("removes the worktree and its metadata when reuse is off, twice without harm", async () => {
    const workspaces = createWorkspaces({
      cacheDir,
      logger: recordingLogger(),
      maxIdleWorktrees: 0,
    });
    const ws = await workspaces.prepare(input("run-1"));
    expect(gitSync(ws.mirrorDir, "worktree", "list")).toContain(ws.dir);

    await ws.remove();
    await ws.remove();
    expect(existsSync(ws.dir)).toBe(false);
    expect(gitSync(ws.mirrorDir, "worktree", "list")).not.toContain(ws.dir);
    expect(existsSync(ws.mirrorDir)).toBe(true);
  });

  it("recycles a finished worktree exactly as a fresh one would be, at the new head", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    const first = await workspaces.prepare(input("run-1"));
    // What an agent and its gates leave behind: an edit, a new file, an ignored build output.
    writeFileSync(join(first.dir, "README.md"), "scribbled\n");
    writeFileSync(join(first.dir, "notes.txt"), "left over\n");
    writeFileSync(join(first.dir, ".gitignore"), "build/\n");
    mkdirSync(join(first.dir, "build"));
    writeFileSync(join(first.dir, "build", "out.js"), "x\n");
    await first.remove();
    await first.remove();

    const newer = remote.commit({ "src/sum.js": "export const sum = (a, b) => a + b;\n" });
    const second = await workspaces.prepare(input("run-2"));
    expect(second.dir).toBe(first.dir);
    expect(second.baseSha).toBe(newer);
    expect(gitSync(second.dir, "rev-parse", "HEAD")).toBe(newer);
    expect(gitSync(second.dir, "status", "--porcelain", "--ignored")).toBe("");
    expect(readFileSync(join(second.dir, "README.md"), "utf8")).toBe("# demo\n");
    expect(existsSync(join(second.dir, "build"))).toBe(false);

    // A run still holding a worktree never shares it.
    const third = await workspaces.prepare(input("run-3"));
    expect(third.dir).not.toBe(second.dir);
  });

  it("recycles a worktree into exactly what a fresh one holds after the branch moved", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    remote.commit({
      "src/a.js": "a\n",
      "src/b.js": "b\n",
      "docs/old.md": "old\n",
      ".gitignore": "build/\n",
    });
    const first = await workspaces.prepare(input("run-1"));
    // Everything an agent and its gates may leave: edits, deletions, new, ignored and staged
    // files, an index entry removed, a nested repository, a file where the next commit adds one.
    writeFileSync(join(first.dir, "src", "a.js"), "edited\n");
    rmSync(join(first.dir, "src", "b.js"));
    writeFileSync(join(first.dir, "src", "sum.js"), "the agent's own\n");
    mkdirSync(join(first.dir, "build"));
    writeFileSync(join(first.dir, "build", "out.js"), "x\n");
    writeFileSync(join(first.dir, "staged.txt"), "staged\n");
    gitSync(first.dir, "add", "staged.txt");
    gitSync(first.dir, "rm", "--quiet", "--cached", "README.md");
    mkdirSync(join(first.dir, "vendor", "lib"), { recursive: true });
    gitSync(join(first.dir, "vendor", "lib"), "init", "--quiet");
    writeFileSync(join(first.dir, "vendor", "lib", "x.js"), "x\n");
    await first.remove();

    // The branch moves: a file added where the agent left one, a file deleted, a file changed.
    const editor = join(tmp.path, "editor");
    gitSync(tmp.path, "clone", "--quiet", remote.bare, editor);
    gitSync(editor, "rm", "--quiet", "docs/old.md");
    remote.commit({ "src/sum.js": "export const sum = 1;\n" });
    gitSync(editor, "pull", "--quiet", "--no-rebase");
    writeFileSync(join(editor, "README.md"), "# moved\n");
    gitSync(editor, "commit", "--quiet", "-am", "moved");
    gitSync(editor, "push", "--quiet", "origin", "HEAD:main");
    const head = gitSync(editor, "rev-parse", "HEAD");

    const recycled = await workspaces.prepare({ ...input("run-2"), headSha: head });
    const fresh = await workspaces.prepare({ ...input("run-3"), headSha: head });
    expect(recycled.dir).toBe(first.dir);
    expect(fresh.dir).toBe(join(cacheDir, "worktrees", "run-3"));
    for (const ws of [recycled, fresh]) {
      expect(ws.baseSha).toBe(head);
      expect(gitSync(ws.dir, "rev-parse", "HEAD")).toBe(head);
      expect(gitSync(ws.dir, "rev-parse", "--abbrev-ref", "HEAD")).toBe("HEAD"); // detached
    }
    expect(gitSync(recycled.dir, "status", "--porcelain", "--ignored")).toBe("");
    expect(snapshot(recycled.dir)).toEqual(snapshot(fresh.dir));
    expect(snapshot(recycled.dir)).toMatchObject({
      "README.md": "# moved\n",
      "src/a.js": "a\n",
      "src/b.js": "b\n",
      "src/sum.js": "export const sum = 1;\n",
    });
    expect(gitSync(recycled.dir, "ls-files", "--stage")).toBe(
      gitSync(fresh.dir, "ls-files", "--stage"),
    );
  });

  it("discards a recycled worktree whose .git link the agent replaced", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    const first = await workspaces.prepare(input("run-1"));
    rmSync(join(first.dir, ".git"));
    mkdirSync(join(first.dir, ".git"));
    await first.remove();
    const second = await workspaces.prepare(input("run-2"));
    expect(second.dir).toBe(join(cacheDir, "worktrees", "run-2"));
    expect(existsSync(first.dir)).toBe(false);
    expect(gitSync(second.dir, "status", "--porcelain")).toBe("");
  });

  it("uses the API's head without the network when the mirror has it, and fetches it when not", async () => {
    const logger = recordingLogger();
    const workspaces = createWorkspaces({ cacheDir, logger });
    const head = gitSync(remote.bare, "rev-parse", "main");
    await (await workspaces.prepare(input("run-1"))).remove();
    // With the remote out of reach, the mirror still serves the head it has: to a later run of
    // the session, and to a new session's first.
    const away = `${remote.bare}-away`;
    renameSync(remote.bare, away);
    const known = await workspaces.prepare({ ...input("run-2"), headSha: head });
    expect(known.baseSha).toBe(head);
    const restarted = createWorkspaces({ cacheDir, logger });
    expect((await restarted.prepare({ ...input("run-3"), headSha: head })).baseSha).toBe(head);
    renameSync(away, remote.bare);

    const fetches = () => logger.lines.filter((line) => line.msg === "mirror fetched").length;
    const before = fetches();
    const newer = remote.commit({ "NEW.md": "new\n" });
    const unknown = await workspaces.prepare({ ...input("run-4"), headSha: newer });
    expect(unknown.baseSha).toBe(newer);
    expect(fetches()).toBe(before + 1);
    // Anything that is not a full commit id is never trusted.
    const odd = await workspaces.prepare({ ...input("run-5"), headSha: "--upload-pack=evil" });
    expect(odd.baseSha).toBe(newer);
    expect(fetches()).toBe(before + 2);
  });

  it("fetches the API's head by sha: with every branch and tag first in a session, alone later", async () => {
    const refs = (mirrorDir: string) =>
      gitSync(mirrorDir, "for-each-ref", "--format=%(refname)").split("\n");
    gitSync(remote.bare, "branch", "old-feature", "main");
    const first = await createWorkspaces({ cacheDir, logger: recordingLogger() }).prepare(
      input("run-1"),
    );
    // Meanwhile a rerun's branch is pushed, a release tagged, a branch deleted.
    gitSync(remote.bare, "branch", "-D", "old-feature");
    gitSync(remote.bare, "branch", "nightshift/12-fix", "main");
    const newer = remote.commit({ "NEW.md": "new\n" });
    gitSync(remote.bare, "tag", "v2.0.0", newer);

    // The next session: its first fetch brings everything and prunes.
    const logger = recordingLogger();
    const session = createWorkspaces({ cacheDir, logger });
    const ws = await session.prepare({ ...input("run-2"), headSha: newer });
    expect(ws.baseSha).toBe(newer);
    expect(gitSync(ws.dir, "describe", "--tags")).toBe("v2.0.0");
    expect(refs(first.mirrorDir)).toEqual([
      "refs/remotes/origin/main",
      "refs/remotes/origin/nightshift/12-fix",
      "refs/tags/v2.0.0",
    ]);
    expect(gitSync(first.mirrorDir, "rev-parse", "refs/remotes/origin/main")).toBe(newer);

    // Later in the session, only the new base is fetched.
    gitSync(remote.bare, "branch", "later", "main");
    const newest = remote.commit({ "NEWER.md": "newer\n" });
    gitSync(remote.bare, "tag", "v3.0.0", newest);
    const later = await session.prepare({ ...input("run-3"), headSha: newest });
    expect(later.baseSha).toBe(newest);
    expect(gitSync(later.dir, "rev-parse", "HEAD")).toBe(newest);
    expect(gitSync(first.mirrorDir, "rev-parse", "refs/remotes/origin/main")).toBe(newest);
    expect(refs(first.mirrorDir)).not.toContain("refs/tags/v3.0.0");
    expect(refs(first.mirrorDir)).not.toContain("refs/remotes/origin/later");
    expect(logger.lines.filter((line) => line.level === "warn")).toEqual([]);
  });

  it("starts from the API's head even when the branch moved on since the API was read", async () => {
    const first = await createWorkspaces({ cacheDir, logger: recordingLogger() }).prepare(
      input("run-1"),
    );
    const logger = recordingLogger();
    const session = createWorkspaces({ cacheDir, logger });
    for (const runId of ["run-2", "run-3"]) {
      // The session's first fetch (every branch) and a later one (the head alone).
      const read = remote.commit({ [`${runId}.md`]: "read by the API\n" });
      remote.commit({ [`${runId}.md`]: "pushed just after\n" });
      const ws = await session.prepare({ ...input(runId), headSha: read });
      expect(ws.baseSha).toBe(read);
      expect(gitSync(ws.dir, "rev-parse", "HEAD")).toBe(read);
      expect(gitSync(first.mirrorDir, "rev-parse", "refs/remotes/origin/main")).toBe(read);
    }
    expect(logger.lines.filter((line) => line.level === "warn")).toEqual([]);
  });

  it("falls back to the branch when the API's head cannot be fetched", async () => {
    const logger = recordingLogger();
    const unknown = "0123456789abcdef0123456789abcdef01234567";
    const ws = await createWorkspaces({ cacheDir, logger }).prepare({
      ...input("run-1"),
      headSha: unknown,
    });
    expect(ws.baseSha).toBe(gitSync(remote.bare, "rev-parse", "main"));
    const warned = logger.lines.filter((line) => line.level === "warn").map((line) => line.msg);
    expect(warned).toEqual(["fetching the API's head failed"]);
  });

  it("replaces a stale worktree left by a crashed run with the same id", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    await workspaces.prepare(input("run-1"));
    const again = await workspaces.prepare(input("run-1"));
    expect(readFileSync(join(again.dir, "README.md"), "utf8")).toBe("# demo\n");
  });

  it("discards config the agent planted in the shared mirror before fetching with the token", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    const ws = await workspaces.prepare(input("run-1"));
    gitSync(ws.mirrorDir, "config", "url.file:///nowhere/.insteadOf", remote.url);
    await workspaces.prepare(input("run-2"));
    expect(readFileSync(join(ws.mirrorDir, "config"), "utf8")).not.toContain("insteadOf");
  });

  it("discards planted config also when nothing is fetched", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    const ws = await workspaces.prepare(input("run-1"));
    await ws.remove();
    gitSync(ws.mirrorDir, "config", "filter.evil.smudge", "touch /tmp/pwned");
    const again = await workspaces.prepare({ ...input("run-2"), headSha: ws.baseSha });
    const config = join(ws.mirrorDir, "config");
    expect(readFileSync(config, "utf8")).not.toContain("evil");
    // A symlink to a file the agent controls is replaced, even while that file looks right.
    await again.remove();
    const decoy = join(tmp.path, "decoy-config");
    writeFileSync(decoy, readFileSync(config));
    rmSync(config);
    symlinkSync(decoy, config);
    await workspaces.prepare({ ...input("run-3"), headSha: ws.baseSha });
    expect(lstatSync(config).isSymbolicLink()).toBe(false);
    expect(readFileSync(config, "utf8")).toBe(readFileSync(decoy, "utf8"));
  });

  it("writes any clone URL into the mirror's config verbatim, and refuses control characters", async () => {
    const odd = createRemote(tmp.path, `we"ird #;\\x y`);
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    const ws = await workspaces.prepare({ ...input("run-1"), cloneUrl: odd.url });
    expect(gitSync(ws.mirrorDir, "config", "remote.origin.url")).toBe(odd.url);
    expect(ws.baseSha).toBe(gitSync(odd.bare, "rev-parse", "main"));
    await expect(
      workspaces.prepare({ ...input("run-2"), cloneUrl: `${odd.url}\n[core]` }),
    ).rejects.toThrow(/invalid clone URL/);
  });

  it("rejects hostile names and a missing default branch", async () => {
    const workspaces = createWorkspaces({ cacheDir, logger: recordingLogger() });
    await expect(workspaces.prepare({ ...input("r"), repoFullName: "../../etc" })).rejects.toThrow(
      /invalid repository name/,
    );
    await expect(workspaces.prepare({ ...input("r"), defaultBranch: "-x" })).rejects.toThrow();
    await expect(workspaces.prepare({ ...input("r"), defaultBranch: "nope" })).rejects.toThrow();
    const odd = await workspaces.prepare(input("session:1/acme calc#2"));
    expect(odd.dir.startsWith(join(cacheDir, "worktrees") + "/")).toBe(true);
    expect(odd.dir.slice(join(cacheDir, "worktrees").length + 1)).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
