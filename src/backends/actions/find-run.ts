import type { ActionsPort, WorkflowRunInfo } from "../../github/port.js";
import type { RepoRef } from "../../types.js";

export interface FindRunInput {
  port: Pick<ActionsPort, "listDispatchedRuns">;
  repo: RepoRef;
  workflow: string;
  /** The task id: the run's `display_title`. */
  task: string;
  /** Runs created before this are not looked at. */
  since: Date;
  /** Looks before giving up (GitHub lists a new run after a few seconds); at least 1. */
  attempts: number;
  /** Waits before the next look; injected, so tests never sleep. */
  wait: (ms: number) => Promise<void>;
}

const MAX_PAGES = 3;
const FIRST_WAIT_MS = 1_000;

/**
 * The newest dispatched run titled with the task id, looking again with a doubling wait while
 * it is not listed yet; undefined after `attempts` looks. Titles are how a run is found when
 * GitHub did not say its id (a 204 from an older server) or when the bot lost it (a crash
 * between the dispatch and recording the id).
 */
export async function findRunByTitle(input: FindRunInput): Promise<WorkflowRunInfo | undefined> {
  for (let attempt = 1; ; attempt++) {
    const runs = await input.port.listDispatchedRuns(input.repo, input.workflow, {
      since: input.since,
      maxPages: MAX_PAGES,
    });
    const found = runs.find((run) => run.title === input.task);
    if (found !== undefined || attempt >= input.attempts) return found;
    await input.wait(FIRST_WAIT_MS * 2 ** (attempt - 1));
  }
}
