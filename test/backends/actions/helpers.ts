import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { HostConfigSchema, type AgentConfig } from "../../../src/config/host-schema.js";
import { RepoConfigSchema } from "../../../src/config/repo-schema.js";
import {
  encodeJobInputs,
  type JobLimits,
  type JobRequest,
} from "../../../src/backends/actions/job-inputs.js";

/** Shared set-up for the actions backend's tests: job requests, checkouts, agents. */

const host = HostConfigSchema.parse({});
const repo = RepoConfigSchema.parse({});

export const LIMITS: JobLimits = {
  runTimeoutMinutes: 1,
  maxLogBytes: 1024 * 1024,
  sandbox: {
    mode: host.sandbox.mode,
    toolDirs: [],
    maxFileMb: host.sandbox.maxFileMb,
    maxProcesses: host.sandbox.maxProcesses,
    maxMemoryMb: host.sandbox.maxMemoryMb,
    tmpMb: host.sandbox.tmpMb,
  },
  changes: repo.changes,
};

/** A `kind: command` agent. */
export function commandAgent(command: string[]): AgentConfig {
  const agent = HostConfigSchema.parse({ agents: { a: { kind: "command", command } } }).agents.a;
  if (!agent) throw new Error("no agent");
  return agent;
}

/** A `kind: command` agent running a node script in the worktree. */
export const scriptAgent = (script: string): AgentConfig => commandAgent(["node", "-e", script]);

export function jobRequest(overrides: Partial<JobRequest> = {}): JobRequest {
  return {
    task: "s1-acme-calc-7",
    issue: 7,
    base: "0".repeat(40),
    agent: scriptAgent("console.log('done')"),
    prompt: {
      repo: "acme/calc",
      issue: { number: 7, title: "Fix it", body: "Fix it.", author: "maya" },
      maintainerComments: [],
    },
    gates: [],
    limits: LIMITS,
    runsOn: "ubuntu-latest",
    timeoutMinutes: 30,
    ...overrides,
  };
}

export const sampleInputs = () => encodeJobInputs(jobRequest());

/** What actions/checkout leaves: a clone of `url` with `sha` checked out, detached. */
export function checkout(url: string, dir: string, sha: string): string {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" },
      stdio: "pipe",
    });
  git("init", "--quiet", ".");
  git("fetch", "--quiet", "--depth=1", url, sha);
  git("checkout", "--quiet", "--detach", "FETCH_HEAD");
  return join(dir);
}
