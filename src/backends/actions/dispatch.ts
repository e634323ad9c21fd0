import { DispatchFieldRefused, type ActionsPort } from "../../github/port.js";
import type { RepoRef } from "../../types.js";
import { findRunByTitle } from "./find-run.js";
import { encodeJobInputs, type JobRequest } from "./job-inputs.js";

export interface DispatchInput {
  port: Pick<ActionsPort, "dispatchWorkflow" | "listDispatchedRuns">;
  repo: RepoRef;
  /** The workflow's file name, e.g. `nightshift-agent.yml`. */
  workflow: string;
  /** The branch the workflow runs from (the default branch). */
  ref: string;
  request: JobRequest;
  /**
   * Records the run's id and base commit against the task's idempotency key (`request.task`):
   * the first thing done with an id. When it throws, so does the dispatch; the run is then
   * found by its title. An adopted run's base is its head commit (the default branch's head
   * when it was dispatched, which is what a base is), not today's `request.base`.
   */
  record: (runId: number, base: string) => Promise<void>;
  /**
   * When this task was first dispatched (or is being now), less a few minutes for the clocks of
   * the bot and GitHub to disagree: older runs are not its runs.
   */
  since: Date;
  /**
   * The journal says a dispatch may have happened without its id being recorded (a crash):
   * look longer before dispatching again.
   */
  maybeDispatched?: boolean;
  /** Looks for a run GitHub has not listed yet; default 6 (about a minute in all). */
  attempts?: number;
  wait: (ms: number) => Promise<void>;
}

export type Dispatched =
  | { kind: "dispatched"; runId: number }
  /**
   * An earlier dispatch of this task was found and recorded; nothing was dispatched now. Its
   * `headSha` is the default branch's head when it was dispatched, which was its base.
   */
  | { kind: "found"; runId: number; headSha: string }
  /** Dispatched (GitHub said 204) but not listed yet: recovery finds it by title later. */
  | { kind: "unconfirmed" }
  | { kind: "failed"; reason: string };

const statusOf = (error: unknown): number | undefined =>
  typeof error === "object" &&
  error !== null &&
  "status" in error &&
  typeof error.status === "number"
    ? error.status
    : undefined;

/** GitHub's answer to a dispatch it refused, in one line for the issue. */
function refusal(error: unknown, workflow: string): string | undefined {
  const status = statusOf(error);
  if (status === 404) {
    return `the repository has no workflow .github/workflows/${workflow} on its default branch (\`nightshift init\` prints it)`;
  }
  if (status === 422 && error instanceof Error) {
    const why = error.message.split("\n")[0] ?? "";
    return `GitHub refused to dispatch .github/workflows/${workflow}: ${why} (is the file the one \`nightshift init\` prints for this version?)`;
  }
  return undefined;
}

/**
 * Starts the task's job on GitHub Actions, at most once per task id. An existing run with the
 * task's title is adopted instead of dispatching again; the run's id is recorded before
 * anything else happens with it. github.com says the id in its answer (`return_run_details`);
 * an older server answers 204 (or refuses the field, and the dispatch is sent again without
 * it: a refused request dispatched nothing), and the run is then found by its title.
 */
export async function dispatchRun(input: DispatchInput): Promise<Dispatched> {
  const { port, repo, workflow, request } = input;
  const attempts = input.attempts ?? 6;
  const find = (tries: number) =>
    findRunByTitle({
      port,
      repo,
      workflow,
      task: request.task,
      since: input.since,
      attempts: tries,
      wait: input.wait,
    });
  const earlier = await find(input.maybeDispatched === true ? attempts : 1);
  if (earlier !== undefined) {
    await input.record(earlier.id, earlier.headSha);
    return { kind: "found", runId: earlier.id, headSha: earlier.headSha };
  }
  let inputs;
  try {
    inputs = encodeJobInputs(request);
  } catch (error) {
    return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
  const dispatch = { workflow, ref: input.ref, inputs: { ...inputs } };
  let answer;
  try {
    answer = await port
      .dispatchWorkflow(repo, { ...dispatch, returnRunDetails: true })
      .catch((error: unknown) => {
        if (error instanceof DispatchFieldRefused) {
          return port.dispatchWorkflow(repo, { ...dispatch, returnRunDetails: false });
        }
        throw error;
      });
  } catch (error) {
    const reason = refusal(error, workflow);
    if (reason === undefined) throw error;
    return { kind: "failed", reason };
  }
  const runId = answer?.runId ?? (await find(attempts))?.id;
  if (runId === undefined) return { kind: "unconfirmed" };
  await input.record(runId, request.base);
  return { kind: "dispatched", runId };
}
