import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authHeader } from "../../src/runner/git-cli.js";
import { createWorkspaces } from "../../src/runner/workspace.js";
import { createRemote, gitSync, recordingLogger, tempDir, type FakeRemote } from "./helpers.js";

const TOKEN = "ghs_WorkspaceTestToken0123456789";

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

  it("skips the fetch when the mirror already has the head the API reports, and fetches when it does not", async () => {
    const logger = recordingLogger();
    const workspaces = createWorkspaces({ cacheDir, logger });
    const head = gitSync(remote.bare, "rev-parse", "main");
    await (await workspaces.prepare(input("run-1"))).remove();
    const known = await workspaces.prepare({ ...input("run-2"), headSha: head });
    expect(known.baseSha).toBe(head);
    const fetches = () => logger.lines.filter((line) => line.msg === "mirror fetched").length;
    expect(fetches()).toBe(1);

    const newer = remote.commit({ "NEW.md": "new\n" });
    const unknown = await workspaces.prepare({ ...input("run-3"), headSha: newer });
    expect(unknown.baseSha).toBe(newer);
    expect(fetches()).toBe(2);
    // Anything that is not a full commit id is never trusted.
    await workspaces.prepare({ ...input("run-4"), headSha: "--upload-pack=evil" });
    expect(fetches()).toBe(3);
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
