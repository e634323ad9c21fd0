import { createHash } from "node:crypto";
import { fullName, type RepoRecord } from "../model.js";
import { nodeId, renderRepo, renderUser, type Json, type Urls } from "../render.js";
import type { ArtifactRecord, RunRecord, WorkflowRecord } from "./model.js";

/** Workflow runs, jobs, workflows and artifacts in the shapes of GitHub's REST API and webhooks. */

export function renderWorkflow(repo: RepoRecord, workflow: WorkflowRecord, urls: Urls): Json {
  const api = `${urls.api}/repos/${fullName(repo)}`;
  return {
    id: workflow.id,
    node_id: nodeId("Workflow", workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: "active",
    created_at: workflow.createdAt,
    updated_at: workflow.createdAt,
    url: `${api}/actions/workflows/${workflow.id}`,
    html_url: `${urls.web}/${fullName(repo)}/blob/${repo.defaultBranch}/${workflow.path}`,
    badge_url: `${urls.web}/${fullName(repo)}/workflows/${workflow.name}/badge.svg`,
  };
}

export function renderRun(repo: RepoRecord, run: RunRecord, urls: Urls): Json {
  const api = `${urls.api}/repos/${fullName(repo)}`;
  const self = `${api}/actions/runs/${run.id}`;
  const commit = run.headCommit;
  const person = { name: commit.name, email: commit.email };
  const repository = renderRepo(repo, urls);
  return {
    id: run.id,
    name: run.workflow.name,
    node_id: nodeId("WorkflowRun", run.id),
    check_suite_id: run.id,
    check_suite_node_id: nodeId("CheckSuite", run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.workflow.path,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    event: "workflow_dispatch",
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflow.id,
    url: self,
    html_url: `${urls.web}/${fullName(repo)}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: renderUser(run.actor, urls),
    triggering_actor: renderUser(run.actor, urls),
    run_attempt: 1,
    referenced_workflows: [],
    run_started_at: run.runStartedAt,
    jobs_url: `${self}/jobs`,
    logs_url: `${self}/logs`,
    check_suite_url: `${api}/check-suites/${run.id}`,
    artifacts_url: `${self}/artifacts`,
    cancel_url: `${self}/cancel`,
    rerun_url: `${self}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${api}/actions/workflows/${run.workflow.id}`,
    head_commit: {
      id: run.headSha,
      tree_id: commit.tree,
      message: commit.message,
      timestamp: commit.date,
      author: person,
      committer: person,
    },
    repository,
    head_repository: repository,
    head_repository_id: repo.id,
  };
}

export function renderJob(repo: RepoRecord, run: RunRecord, urls: Urls): Json {
  const api = `${urls.api}/repos/${fullName(repo)}`;
  const { job } = run;
  const step = (name: string, number: number) => ({
    name,
    number,
    status: job.status,
    conclusion: job.conclusion,
    started_at: job.status === "queued" ? null : job.startedAt,
    completed_at: job.completedAt,
  });
  return {
    id: job.id,
    run_id: run.id,
    run_url: `${api}/actions/runs/${run.id}`,
    run_attempt: 1,
    node_id: nodeId("CheckRun", job.id),
    head_sha: run.headSha,
    url: `${api}/actions/jobs/${job.id}`,
    html_url: `${urls.web}/${fullName(repo)}/actions/runs/${run.id}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    name: job.name,
    steps: job.status === "queued" ? [] : [step("Set up job", 1), step("Run the agent", 2)],
    check_run_url: `${api}/check-runs/${job.id}`,
    labels: job.labels,
    runner_id: job.runnerName === null ? null : 1,
    runner_name: job.runnerName,
    runner_group_id: job.runnerName === null ? null : 1,
    runner_group_name: job.runnerName === null ? null : "Default",
    workflow_name: run.workflow.name,
    head_branch: run.headBranch,
  };
}

export function renderArtifact(
  repo: RepoRecord,
  run: RunRecord,
  artifact: ArtifactRecord,
  urls: Urls,
): Json {
  const api = `${urls.api}/repos/${fullName(repo)}`;
  return {
    id: artifact.id,
    node_id: nodeId("Artifact", artifact.id),
    name: artifact.name,
    size_in_bytes: artifact.data.length,
    url: `${api}/actions/artifacts/${artifact.id}`,
    archive_download_url: `${api}/actions/artifacts/${artifact.id}/zip`,
    expired: artifact.expired,
    created_at: artifact.createdAt,
    expires_at: artifact.expiresAt,
    updated_at: artifact.createdAt,
    digest: `sha256:${createHash("sha256").update(artifact.data).digest("hex")}`,
    workflow_run: {
      id: run.id,
      repository_id: repo.id,
      head_repository_id: repo.id,
      head_branch: run.headBranch,
      head_sha: run.headSha,
    },
  };
}
