import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { acceptChange } from "../../run/accept.js";
import { executeLocally } from "../../run/execute.js";
import { ExecuteResultSchema, RESULT_VERSION, type ExecuteResult } from "../../run/result.js";
import { createWorkspaces, type Workspace } from "../../runner/workspace.js";
import type { Isolation } from "../../sandbox/policy.js";
import { probeIsolation } from "../../sandbox/probe.js";
import type { Clock, Logger } from "../../types.js";
import { CHANGE_FILE, RESULT_FILE, type ChangeManifest } from "./artifact.js";
import { bundleChange } from "./change-bundle.js";
import { jobHostConfig } from "./job-host.js";
import type { JobRequest } from "./job-inputs.js";
import { prepareJobRun } from "./job-sandbox.js";
import { runFileStem } from "../../run/run-files.js";
import { contributionNotes } from "../../run/prompt-inputs.js";
import { buildPrompt } from "../../runner/prompt.js";

export interface JobOptions {
  request: JobRequest;
  /** owner/name (GITHUB_REPOSITORY). */
  repo: string;
  /** What actions/checkout left: the repository at the base commit. */
  checkoutDir: string;
  /** Scratch space outside the checkout: the mirror, the worktree, the prompt, the logs. */
  workDir: string;
  /** Where `result.json`, `change.json` and `change.bundle` are written (the artifact's files). */
  outDir: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  logger: Logger;
  /** What the runner gives; probed (bubblewrap, or `none` when the host opted out) unless given. */
  isolation?: Isolation;
  /** Node's path, whose directory the sandbox shows; default this process's. */
  nodePath?: string;
}

export interface JobOutcome {
  result: ExecuteResult;
  change: ChangeManifest;
}

/** A result for a job that could not run its agent at all. */
export function notStarted(reason: string): ExecuteResult {
  return ExecuteResultSchema.parse({
    version: RESULT_VERSION,
    agent: {
      status: "crashed",
      exitCode: null,
      signal: null,
      spawnError: `the job could not run the agent: ${reason}`,
      durationMs: 0,
      summary: "",
      cost: {},
    },
    gates: [],
    gatesSkipped: "agent-failed",
  });
}

/** A workspace at the base commit, made from the checkout the way the bot makes its own. */
async function jobWorkspace(options: JobOptions, dataDir: string): Promise<Workspace> {
  const workspace = await createWorkspaces({
    cacheDir: dataDir,
    logger: options.logger,
    maxIdleWorktrees: 0,
  }).prepare({
    repoFullName: options.repo,
    cloneUrl: pathToFileURL(resolve(options.checkoutDir)).href,
    defaultBranch: "nightshift-base",
    token: "",
    runId: options.request.task,
    headSha: options.request.base,
  });
  if (workspace.baseSha !== options.request.base) {
    await workspace.remove();
    throw new Error(`the checkout does not hold the base commit ${options.request.base}`);
  }
  return workspace;
}

async function execute(options: JobOptions): Promise<JobOutcome> {
  const { request, clock } = options;
  const workDir = resolve(options.workDir);
  const dataDir = join(workDir, "data");
  await mkdir(join(dataDir, "logs"), { recursive: true });
  const host = jobHostConfig(request, dataDir, options.nodePath ?? process.execPath);
  const isolation = options.isolation ?? (await probeIsolation(host.sandbox.mode));
  const workspace = await jobWorkspace(options, dataDir);
  // The prompt a local run writes; its contribution notes from the checkout, not the API.
  const prompt = buildPrompt({
    ...request.prompt,
    contributing: await contributionNotes(workspace.dir),
  });
  const prepared = await prepareJobRun({
    host,
    isolation,
    workspace,
    prompt,
    workDir,
    repo: options.repo,
    issue: request.issue,
    env: options.env,
    privatePaths: [resolve(options.checkoutDir)],
  });
  const scope = {
    runId: request.task,
    fileStem: runFileStem(request.task),
    hooks: {},
    logDir: join(dataDir, "logs"),
    log: options.logger.child({ task: request.task }),
  };
  try {
    const result = await executeLocally({ host }, prepared, { gates: request.gates }, scope, {
      worthChecking: async () => {
        await workspace.reclaim();
        return (await acceptChange(workspace, request.limits.changes)).kind === "change";
      },
    });
    await workspace.reclaim();
    const change: ChangeManifest =
      result.agent.status === "succeeded"
        ? await bundleChange(
            workspace,
            request.limits.changes,
            resolve(options.outDir),
            clock.now(),
          )
        : { version: 1, kind: "none" };
    return { result, change };
  } finally {
    await prepared.proxy?.close();
  }
}

/**
 * The job's side of the actions backend: the same execute step as a local run (the agent,
 * then the gates, in the sandbox when the runner allows one) against a worktree made from the
 * checkout, then the result and the change written into `outDir` for the one artifact. It never
 * throws for the run's own failures: a job that could not start the agent says why in its result.
 */
export async function runJob(options: JobOptions): Promise<JobOutcome> {
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  let outcome: JobOutcome;
  try {
    outcome = await execute(options);
  } catch (error) {
    options.logger.error({ err: error }, "the job could not run the agent");
    const reason = error instanceof Error ? error.message : String(error);
    outcome = { result: notStarted(reason), change: { version: 1, kind: "none" } };
  }
  await writeFile(join(outDir, RESULT_FILE), `${JSON.stringify(outcome.result, null, 2)}\n`);
  await writeFile(join(outDir, CHANGE_FILE), `${JSON.stringify(outcome.change)}\n`);
  return outcome;
}
