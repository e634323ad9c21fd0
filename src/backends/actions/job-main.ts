import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createLogger } from "../../logging/logger.js";
import { systemClock } from "../../types.js";
import { CHANGE_FILE, RESULT_FILE } from "./artifact.js";
import { decodeJobInputs, type JobRequest } from "./job-inputs.js";
import { notStarted, runJob } from "./job.js";

/** The variables the workflow's step sets (see workflow.ts); GitHub sets GITHUB_REPOSITORY. */
type Variable =
  | "NIGHTSHIFT_INPUTS"
  | "NIGHTSHIFT_CHECKOUT"
  | "NIGHTSHIFT_WORK"
  | "NIGHTSHIFT_OUT"
  | "GITHUB_REPOSITORY";

function read(env: NodeJS.ProcessEnv, name: Variable): string {
  const value = env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
}

/**
 * `nightshift job`: the workflow step's entry. Reads the inputs and paths from the environment
 * and runs the job; exits 0 whenever `result.json` was written (the run's own failure is in
 * it), 1 when not even that was possible.
 */
export async function runJobFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const logger = createLogger();
  const outDir = read(env, "NIGHTSHIFT_OUT");
  let request: JobRequest;
  try {
    request = decodeJobInputs(JSON.parse(read(env, "NIGHTSHIFT_INPUTS")));
  } catch (error) {
    logger.error({ err: error }, "the job's inputs could not be read");
    await mkdir(outDir, { recursive: true });
    const result = notStarted("its inputs do not match this version of Nightshift");
    await writeFile(join(outDir, RESULT_FILE), JSON.stringify(result));
    await writeFile(join(outDir, CHANGE_FILE), JSON.stringify({ version: 1, kind: "none" }));
    return 0;
  }
  const outcome = await runJob({
    request,
    repo: read(env, "GITHUB_REPOSITORY"),
    checkoutDir: read(env, "NIGHTSHIFT_CHECKOUT"),
    workDir: read(env, "NIGHTSHIFT_WORK"),
    outDir,
    env,
    clock: systemClock,
    logger,
  });
  logger.info({ agent: outcome.result.agent.status, change: outcome.change.kind }, "job finished");
  return 0;
}
