import type { UserRecord } from "../model.js";

/**
 * GitHub Actions as the simulator keeps it: workflow runs started by `workflow_dispatch`, each
 * with one job and the artifacts that job uploaded. Nothing runs by itself: a runner function
 * the test or demo supplies plays the job (the simulator never imports the bot's code).
 *
 * - run: one workflow run (`GET …/actions/runs/{id}`), titled by the workflow's `run-name`;
 * - job: the run's single job (`GET …/runs/{id}/jobs`), what `workflow_job` webhooks describe;
 * - artifact: a zip the job uploaded, downloaded through a short-lived redirect URL.
 */

export type RunStatus = "queued" | "in_progress" | "completed";
export type RunConclusion = "success" | "failure" | "cancelled" | "timed_out";

/** What a runner function is given: the dispatched run, and a signal aborted on cancel. */
export interface ActionsDispatch {
  /** `owner/name` */
  repo: string;
  runId: number;
  runNumber: number;
  /** The workflow file, e.g. `.github/workflows/nightshift-agent.yml`. */
  workflow: string;
  /** The branch the run was dispatched on, and its commit then. */
  ref: string;
  headSha: string;
  /** The dispatch's inputs with the workflow's defaults filled in, as strings. */
  inputs: Record<string, string>;
  displayTitle: string;
  /** The runner labels `runs-on` resolved to. */
  labels: string[];
  /** The bare repository on disk (for `git clone`), and its clone URL over HTTP. */
  gitDir: string;
  cloneUrl: string;
  signal: AbortSignal;
}

/** How the job ended, and the one artifact it uploaded (a zip), if any. */
export interface ActionsJobOutcome {
  conclusion: RunConclusion;
  artifact?: Buffer;
  /** Default `nightshift-result`. */
  artifactName?: string;
}

export type ActionsRunner = (dispatch: ActionsDispatch) => Promise<ActionsJobOutcome>;

export interface JobRecord {
  id: number;
  name: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  createdAt: string;
  startedAt: string;
  completedAt: string | null;
  runnerName: string | null;
  labels: string[];
}

export interface ArtifactRecord {
  id: number;
  name: string;
  data: Buffer;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

export interface WorkflowRecord {
  id: number;
  name: string;
  path: string;
  createdAt: string;
}

export interface RunRecord {
  id: number;
  repoId: number;
  workflow: WorkflowRecord;
  runNumber: number;
  displayTitle: string;
  event: "workflow_dispatch";
  headBranch: string;
  headSha: string;
  headCommit: { tree: string; message: string; date: string; name: string; email: string };
  status: RunStatus;
  conclusion: RunConclusion | null;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
  inputs: Record<string, string>;
  actor: UserRecord;
  job: JobRecord;
  artifacts: ArtifactRecord[];
  abort: AbortController;
}
