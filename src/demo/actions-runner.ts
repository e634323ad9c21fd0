import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  ActionsDispatch,
  ActionsJobOutcome,
  ActionsRunner,
} from "../../packages/simulator/src/index.js";
import { packArtifact } from "../backends/actions/artifact.js";
import { decodeJobInputs, type JobRequest } from "../backends/actions/job-inputs.js";
import { runJob } from "../backends/actions/job.js";
import type { Logger } from "../types.js";
import { systemClock } from "../types.js";

/** What actions/checkout does for the job: the dispatched commit, fetched from the simulator. */
function checkout(url: string, dir: string, sha: string): string {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", GIT_CONFIG_NOSYSTEM: "1", HOME: dir },
      stdio: "pipe",
    });
  git("init", "--quiet", ".");
  git("fetch", "--quiet", "--depth=1", url, sha);
  git("checkout", "--quiet", "--detach", "FETCH_HEAD");
  return dir;
}

/**
 * Plays one dispatched job as a hosted runner would: checks out the dispatched base (as
 * actions/checkout does), runs the real job (`runJob`, what `nightshift job` runs in the
 * workflow) in its sandbox, and zips its output as the artifact.
 */
export async function playJob(
  request: JobRequest,
  dispatch: ActionsDispatch,
  logger: Logger,
): Promise<ActionsJobOutcome> {
  const dir = mkdtempSync(join(tmpdir(), "nightshift-runner-"));
  try {
    await runJob({
      request,
      repo: dispatch.repo,
      checkoutDir: checkout(dispatch.gitDir, join(dir, "repository"), request.base),
      workDir: join(dir, "work"),
      outDir: join(dir, "out"),
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir },
      clock: systemClock,
      logger,
    });
    return { conclusion: "success", artifact: await packArtifact(join(dir, "out")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The demo's GitHub Actions runner: every dispatched job played on this machine. */
export function demoRunner(logger: Logger): ActionsRunner {
  return (dispatch) => playJob(decodeJobInputs(dispatch.inputs), dispatch, logger);
}
