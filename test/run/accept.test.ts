import { linkSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RepoConfigSchema } from "../../src/config/repo-schema.js";
import { acceptChange } from "../../src/run/accept.js";
import { createWorkspaces, type Workspace } from "../../src/runner/workspace.js";
import { createRemote, gitSync, recordingLogger, tempDir } from "../runner/helpers.js";

const LIMITS = RepoConfigSchema.parse({}).changes;
// Built at run time so no secret scanner takes it for a real token.
const TOKEN = ["ghs", "0123456789abcdefghijABCDEFGHIJ012345"].join("_");

describe("acceptChange on a real worktree", () => {
  let tmp: ReturnType<typeof tempDir>;
  let ws: Workspace;

  beforeEach(async () => {
    tmp = tempDir();
    const remote = createRemote(tmp.path);
    remote.commit({ "src/sum.js": "a\n" });
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

  it("finds no change in an untouched worktree", async () => {
    expect(await acceptChange(ws, LIMITS)).toEqual({ kind: "no-change" });
  });

  it("accepts the files of an agent that committed, switched branch and rewrote .git", async () => {
    writeFileSync(join(ws.dir, "src/sum.js"), "b\n");
    gitSync(ws.dir, "checkout", "--quiet", "-b", "agent-branch");
    gitSync(ws.dir, "commit", "--quiet", "-am", "agent commit");
    writeFileSync(join(ws.dir, ".git"), "gitdir: /tmp/elsewhere\n");
    const accepted = await acceptChange(ws, LIMITS);
    expect(accepted.kind).toBe("change");
    expect(accepted.kind === "change" && accepted.entries.map((entry) => entry.path)).toEqual([
      "src/sum.js",
    ]);
  });

  const refusals: [string, (dir: string) => unknown, string][] = [
    [
      "a symlink escaping the worktree",
      (dir) => {
        symlinkSync("/etc/passwd", join(dir, "passwd"));
      },
      "`passwd` is a symlink to `/etc/passwd`, outside the repository",
    ],
    [
      "a relative symlink climbing out",
      (dir) => {
        symlinkSync("../../../../etc", join(dir, "src/etc"));
      },
      "`src/etc` is a symlink to `../../../../etc`, outside the repository",
    ],
    [
      "a hard link",
      (dir) => {
        linkSync(join(dir, "README.md"), join(dir, "copy.md"));
      },
      "`copy.md` is a hard link",
    ],
    [
      "a nested repository",
      (dir) => gitSync(dir, "init", "--quiet", "vendor/lib"),
      "`vendor/lib/.git` belongs to a nested git repository",
    ],
    [
      "a workflow",
      (dir) => {
        mkdirSync(join(dir, ".github/workflows"), { recursive: true });
        writeFileSync(join(dir, ".github/workflows/ci.yml"), "on: push\n");
      },
      "`.github/workflows/ci.yml` is a protected path (`.github/workflows/**`)",
    ],
    [
      "a token written into a file",
      (dir) => {
        writeFileSync(join(dir, "src/sum.js"), `a\nconst token = "${TOKEN}";\n`);
      },
      "`src/sum.js` holds what looks like a GitHub token on line 2",
    ],
  ];

  it.each(refusals)("refuses %s, saying why", async (_name, act, why) => {
    act(ws.dir);
    expect(await acceptChange(ws, LIMITS)).toMatchObject({
      kind: "refused",
      reason: `the change was refused: ${why}`,
    });
  });

  it("stops at the file cap", async () => {
    for (let i = 0; i < 20; i++) writeFileSync(join(ws.dir, `f${i}.txt`), "x");
    expect(await acceptChange(ws, { ...LIMITS, maxFiles: 10 })).toMatchObject({
      kind: "refused",
      reason: "the change was refused: more than 10 files changed",
    });
  });
});
