import { z } from "zod";
import type { RepoRef } from "../../types.js";
import { boundedDownload } from "../bounded-download.js";
import {
  DispatchFieldRefused,
  type ActionsPort,
  type ArtifactDownload,
  type WorkflowDispatch,
  type WorkflowRunInfo,
} from "../port/actions.js";
import { isStatus, type Octokit } from "./client.js";

/** The body of a dispatch's 200 (`return_run_details: true`). */
const RunDetailsSchema = z.object({
  workflow_run_id: z.number().int().positive(),
  html_url: z.string(),
});

/** An older GitHub Enterprise Server refuses `return_run_details` as an unknown key (400 or 422). */
function refusesRunDetails(error: unknown): boolean {
  if (!(isStatus(error, 400) || isStatus(error, 422)) || !(error instanceof Error)) return false;
  return error.message.includes("return_run_details");
}

/** The fields of a workflow run the backend reads. */
function runInfo(run: {
  id: number;
  display_title: string;
  status: string | null;
  conclusion: string | null;
  created_at: string;
  html_url: string;
  head_sha: string;
}): WorkflowRunInfo {
  return {
    id: run.id,
    title: run.display_title,
    status: run.status ?? "queued",
    conclusion: run.conclusion,
    createdAt: run.created_at,
    url: run.html_url,
    headSha: run.head_sha,
  };
}

/** GitHub Actions over Octokit, for the `actions` backend. */
export const octokitActions = (octokit: Octokit): ActionsPort => ({
  async dispatchWorkflow({ owner, repo }: RepoRef, dispatch: WorkflowDispatch) {
    try {
      // Octokit's types know only the 204; github.com answers 200 with the run when asked.
      const response: { status: number; data: unknown } =
        await octokit.rest.actions.createWorkflowDispatch({
          owner,
          repo,
          workflow_id: dispatch.workflow,
          ref: dispatch.ref,
          inputs: dispatch.inputs,
          ...(dispatch.returnRunDetails ? { return_run_details: true } : {}),
          // Never retried: a 5xx may come after GitHub started the run, and a second POST
          // would start another. The next reconcile pass finds the run by title instead.
          request: { retries: 0 },
        });
      if (response.status !== 200) return null;
      const details = RunDetailsSchema.parse(response.data);
      return { runId: details.workflow_run_id, url: details.html_url };
    } catch (error) {
      if (dispatch.returnRunDetails && refusesRunDetails(error)) {
        throw new DispatchFieldRefused("return_run_details");
      }
      throw error;
    }
  },

  async listDispatchedRuns(
    { owner, repo }: RepoRef,
    workflow: string,
    { since, maxPages }: { since: Date; maxPages: number },
  ): Promise<WorkflowRunInfo[]> {
    const pages = octokit.paginate.iterator(octokit.rest.actions.listWorkflowRuns, {
      owner,
      repo,
      workflow_id: workflow,
      event: "workflow_dispatch",
      per_page: 100,
    });
    const runs: WorkflowRunInfo[] = [];
    let pagesRead = 0;
    try {
      // Newest first: the first run older than `since` ends the listing.
      for await (const { data } of pages) {
        for (const run of data) {
          if (Date.parse(run.created_at) < since.getTime()) return runs;
          runs.push(runInfo(run));
        }
        if (++pagesRead >= maxPages) break;
      }
    } catch (error) {
      // No such workflow: it has no runs (dispatching it says why).
      if (isStatus(error, 404)) return [];
      throw error;
    }
    return runs;
  },

  async getWorkflowRun({ owner, repo }: RepoRef, runId: number): Promise<WorkflowRunInfo | null> {
    try {
      const { data } = await octokit.rest.actions.getWorkflowRun({
        owner,
        repo,
        run_id: runId,
      });
      return runInfo(data);
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  },

  async listRunJobs({ owner, repo }: RepoRef, runId: number) {
    const jobs = await octokit.paginate(octokit.rest.actions.listJobsForWorkflowRun, {
      owner,
      repo,
      run_id: runId,
      per_page: 100,
    });
    return jobs.map((job) => ({
      id: job.id,
      name: job.name,
      status: job.status,
      conclusion: job.conclusion,
      runnerName: job.runner_name,
      labels: job.labels,
    }));
  },

  async listRunArtifacts({ owner, repo }: RepoRef, runId: number) {
    const artifacts = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
      owner,
      repo,
      run_id: runId,
      per_page: 100,
    });
    return artifacts.map((artifact) => ({
      id: artifact.id,
      name: artifact.name,
      sizeInBytes: artifact.size_in_bytes,
      expired: artifact.expired,
    }));
  },

  async downloadArtifact(
    { owner, repo }: RepoRef,
    artifactId: number,
    { maxBytes }: { maxBytes: number },
  ): Promise<ArtifactDownload> {
    let location: string | undefined;
    try {
      // The redirect is read, not followed: the pre-signed URL must not get our token.
      const response = await octokit.rest.actions.downloadArtifact({
        owner,
        repo,
        artifact_id: artifactId,
        archive_format: "zip",
        request: { redirect: "manual" },
      });
      location = response.headers.location;
    } catch (error) {
      if (isStatus(error, 410)) return { kind: "expired" };
      throw error;
    }
    if (location === undefined) throw new Error("GitHub gave no artifact download URL");
    const download = await boundedDownload(location, maxBytes);
    return download.kind === "ok"
      ? { kind: "downloaded", data: download.data }
      : { kind: "too-large", limit: maxBytes };
  },

  async cancelWorkflowRun({ owner, repo }: RepoRef, runId: number) {
    try {
      await octokit.rest.actions.cancelWorkflowRun({ owner, repo, run_id: runId });
      return "cancelling" as const;
    } catch (error) {
      if (isStatus(error, 409)) return "completed" as const;
      throw error;
    }
  },
});
