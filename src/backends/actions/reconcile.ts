import type { ActionsPort } from "../../github/port.js";
import type { Clock, RepoRef } from "../../types.js";

/** A run the journal says is in flight: dispatched and recorded, not yet collected. */
export interface InFlightRun {
  repo: RepoRef;
  runId: number;
  /** The task id (its idempotency key). */
  task: string;
  /** Past this, the run is cancelled (the bot's own limit, on top of the job's timeout-minutes). */
  deadline?: Date;
}

export type RunState =
  | { kind: "running"; status: string }
  /** Over: collect it (a cancelled or failed run is collected too, as a failure). */
  | { kind: "completed"; conclusion: string | null }
  /** Past its deadline: a cancel was asked for; its `completed` comes later. */
  | { kind: "cancelling" }
  /** GitHub no longer has it (deleted): settle the task as failed. */
  | { kind: "gone" };

/** Asks GitHub to cancel a run; true when it had not completed yet. */
export async function cancelRun(
  port: Pick<ActionsPort, "cancelWorkflowRun">,
  repo: RepoRef,
  runId: number,
): Promise<boolean> {
  return (await port.cancelWorkflowRun(repo, runId)) === "cancelling";
}

/**
 * Where each in-flight run stands, asked of GitHub directly: webhooks get lost, and GitHub
 * never redelivers one on its own, so a cycle (and recovery after a restart) polls what the
 * journal holds. One request per run, one more for a run past its deadline.
 */
export async function reconcileRuns(
  port: Pick<ActionsPort, "getWorkflowRun" | "cancelWorkflowRun">,
  clock: Clock,
  runs: readonly InFlightRun[],
): Promise<{ run: InFlightRun; state: RunState }[]> {
  const states = [];
  for (const run of runs) {
    const found = await port.getWorkflowRun(run.repo, run.runId);
    let state: RunState;
    if (found === null) state = { kind: "gone" };
    else if (found.status === "completed")
      state = { kind: "completed", conclusion: found.conclusion };
    else if (run.deadline !== undefined && clock.now() >= run.deadline) {
      const cancelling = await cancelRun(port, run.repo, run.runId);
      state = cancelling ? { kind: "cancelling" } : { kind: "completed", conclusion: null };
    } else state = { kind: "running", status: found.status };
    states.push({ run, state });
  }
  return states;
}
