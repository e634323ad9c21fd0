import type { RepoRef } from "../../types.js";

/**
 * GitHub Actions, for the `actions` backend: a port of its own, since only that backend needs
 * it (and a GitHubPort fake need not implement it). `OctokitGitHub` implements both.
 */
export interface ActionsPort {
  /**
   * Dispatches a workflow on `ref`. With `returnRunDetails`, github.com answers with the run's
   * id; an older server answers 204 (null here) and its runs are found by title, and one that
   * refuses the field throws a `DispatchFieldRefused` (nothing was dispatched).
   */
  dispatchWorkflow(ref: RepoRef, dispatch: WorkflowDispatch): Promise<DispatchedRun | null>;
  /** A workflow's `workflow_dispatch` runs created at or after `since`, newest first. */
  listDispatchedRuns(
    ref: RepoRef,
    workflow: string,
    options: { since: Date; maxPages: number },
  ): Promise<WorkflowRunInfo[]>;
  /** A run, or null when it does not exist (deleted, or never). */
  getWorkflowRun(ref: RepoRef, runId: number): Promise<WorkflowRunInfo | null>;
  listRunJobs(ref: RepoRef, runId: number): Promise<WorkflowJobInfo[]>;
  listRunArtifacts(ref: RepoRef, runId: number): Promise<ArtifactInfo[]>;
  /**
   * An artifact's zip: the API's redirect is followed without the token (the URL is
   * pre-signed and lives a minute), and the download stops past `maxBytes`.
   */
  downloadArtifact(
    ref: RepoRef,
    artifactId: number,
    options: { maxBytes: number },
  ): Promise<ArtifactDownload>;
  /** Asks GitHub to cancel a run; `completed` when it had already ended (GitHub's 409). */
  cancelWorkflowRun(ref: RepoRef, runId: number): Promise<"cancelling" | "completed">;
}

export interface WorkflowDispatch {
  /** The workflow's file name (e.g. `nightshift-agent.yml`) or id. */
  workflow: string;
  /** The branch to run on. */
  ref: string;
  inputs: Record<string, string>;
  returnRunDetails: boolean;
}

export interface DispatchedRun {
  runId: number;
  url: string;
}

export interface WorkflowRunInfo {
  id: number;
  /** `display_title`: the workflow's `run-name` as evaluated for this run. */
  title: string;
  /** queued, in_progress, completed (and waiting, requested, pending on the way). */
  status: string;
  /** Set once completed: success, failure, cancelled, timed_out, … */
  conclusion: string | null;
  createdAt: string;
  url: string;
  /** The commit the run's branch pointed at when it was dispatched. */
  headSha: string;
}

export interface WorkflowJobInfo {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  runnerName: string | null;
  labels: string[];
}

export interface ArtifactInfo {
  id: number;
  name: string;
  sizeInBytes: number;
  expired: boolean;
}

export type ArtifactDownload =
  { kind: "downloaded"; data: Buffer } | { kind: "too-large"; limit: number } | { kind: "expired" };

/** GitHub refused a dispatch because of a body field it does not know (an older GHES). */
export class DispatchFieldRefused extends Error {
  constructor(readonly field: string) {
    super(`GitHub refused the dispatch's ${field} field`);
    this.name = "DispatchFieldRefused";
  }
}
