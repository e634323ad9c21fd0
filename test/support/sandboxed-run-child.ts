/**
 * Stands in for the bot in the middle of a run: builds a real run sandbox around a worktree
 * (argv[2] the data directory, argv[3] the command's marker) and starts a command inside it
 * that forks a `setsid` daemon, then prints "started" and waits to be killed.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readAdminDir } from "../../src/runner/worktree-admin.js";
import { runProcess } from "../../src/runner/process.js";
import { probeIsolation } from "../../src/sandbox/probe.js";
import { openRunSandbox } from "../../src/sandbox/run-sandbox.js";

const [dataDir = "", marker = ""] = process.argv.slice(2);
const mirrorDir = join(dataDir, "mirror.git");
const worktree = join(dataDir, "worktree");
const identity = {
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@t",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@t",
};
const git = (...args: string[]) =>
  execFileSync("git", args, {
    cwd: dataDir,
    encoding: "utf8",
    env: { ...process.env, ...identity },
  }).trim();
git("init", "--bare", "--quiet", mirrorDir);
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const base = git("--git-dir", mirrorDir, "commit-tree", EMPTY_TREE, "-m", "base");
git("--git-dir", mirrorDir, "worktree", "add", "--detach", "--quiet", worktree, base);
const promptFile = join(dataDir, "prompt.md");
writeFileSync(promptFile, "prompt");
mkdirSync(join(dataDir, "logs"), { recursive: true });

const sandbox = openRunSandbox({
  isolation: await probeIsolation("bubblewrap"),
  worktree,
  mirrorDir,
  adminDir: await readAdminDir(worktree, mirrorDir),
  promptFile,
  mounts: [],
  egress: { mode: "none" },
  limits: { maxFileBytes: 1e9, maxProcesses: 1024, maxMemoryBytes: 8e9, tmpBytes: 1e8 },
  dataDir,
  private: [],
});
// Both the command and its detached daemon sleep with the marker in their command line.
const script = `setsid sleep ${marker} </dev/null >/dev/null 2>&1 & exec sleep ${marker}`;
const command = sandbox.command(["sh", "-c", script], { PATH: "/usr/bin:/bin" }, false);
void runProcess({
  ...command,
  cwd: worktree,
  timeoutMs: 600_000,
  logFile: join(dataDir, "logs", "run.log"),
  maxLogBytes: 1024,
});
console.log("started");
