import type { ProbotOctokit } from "probot";
import { z } from "zod";
import { ConfigError } from "../config/errors.js";
import type { CommentSnapshot, IssueSnapshot, RepoRef } from "../types.js";
import {
  commentFromPayload,
  issueFromPayload,
  issueNumberFromUrl,
  lastPageOf,
} from "./payloads.js";
import { boundedDownload } from "./bounded-download.js";
import {
  DispatchFieldRefused,
  PullExistsError,
  type ActionsPort,
  type ArtifactDownload,
  type CheckRunResult,
  type GitHubPort,
  type IssueLink,
  type LabelSpec,
  type PullRequestInfo,
  type PullRequestRecord,
  type RepoRole,
  type WorkflowDispatch,
  type WorkflowRunInfo,
} from "./port.js";
import { nextLabels } from "./label-change.js";
import { getPull, listPullReviewComments, listPullReviews } from "./octokit-reviews.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

const isStatus = (error: unknown, status: number): boolean =>
  typeof error === "object" && error !== null && "status" in error && error.status === status;

/** GitHub answers a duplicate pull request with a 422 whose errors say "already exists". */
function isPullExists(error: unknown): boolean {
  if (!isStatus(error, 422) || !(error instanceof Error)) return false;
  const response = "response" in error ? JSON.stringify(error.response) : "";
  return /pull request already exists/i.test(`${error.message} ${response}`);
}

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

const ROLES: readonly RepoRole[] = ["admin", "maintain", "write", "triage", "read", "none"];

/** A known role name, or null (custom repository roles have their own names). */
const knownRole = (name: string | undefined): RepoRole | null =>
  ROLES.find((known) => known === name) ?? null;

/** The base role a collaborator listing's `permissions` flags add up to. */
function roleFromFlags(flags: Partial<Record<string, boolean>> | undefined): RepoRole {
  if (flags?.admin) return "admin";
  if (flags?.maintain) return "maintain";
  if (flags?.push) return "write";
  if (flags?.triage) return "triage";
  return flags?.pull ? "read" : "none";
}

/**
 * A git token is reused while more than this is left of it: enough for a fetch and a push of a
 * large change (installation tokens live an hour).
 */
const TOKEN_MARGIN_MS = 15 * 60_000;

/** The GitHub port over an installation's Octokit (REST only, typed `octokit.rest.*` methods). */
export class OctokitGitHub implements GitHubPort, ActionsPort {
  /** `installationId`: lets `gitToken({ fresh: true })` mint a new token (see there). */
  constructor(
    private readonly octokit: Octokit,
    private readonly installationId?: number,
  ) {}

  /** The last installation token `gitToken` handed out, with when GitHub said it expires. */
  private lastToken: { value: string; expiresAt: number } | undefined;

  async getRepo({ owner, repo }: RepoRef) {
    const { data } = await this.octokit.rest.repos.get({ owner, repo });
    return {
      owner,
      repo,
      defaultBranch: data.default_branch,
      cloneUrl: data.clone_url,
      archived: data.archived,
    };
  }

  async readConfig({ owner, repo }: RepoRef, path: string): Promise<unknown> {
    try {
      const { config, files } = await this.octokit.config.get({ owner, repo, path });
      return files.some((file) => file.config !== null) ? config : null;
    } catch (error) {
      // The config plugin throws plain Errors for unparseable files; name the file and the cause.
      if (error instanceof Error && error.message.includes("could not be parsed")) {
        const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
        throw new ConfigError(path, [`${error.message.replace(/^\[[^\]]+\] /, "")}${cause}`]);
      }
      throw error;
    }
  }

  async listOpenIssues({ owner, repo }: RepoRef): Promise<IssueSnapshot[]> {
    const issues = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
      owner,
      repo,
      state: "open",
      sort: "created",
      direction: "asc",
      per_page: 100,
    });
    return issues.filter((issue) => !issue.pull_request).map(issueFromPayload);
  }

  async listIssuesBy(
    { owner, repo }: RepoRef,
    creator: string,
    since: Date,
  ): Promise<IssueSnapshot[]> {
    const issues = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
      owner,
      repo,
      state: "all",
      creator,
      since: since.toISOString(),
      sort: "created",
      direction: "asc",
      per_page: 100,
    });
    return issues.filter((issue) => !issue.pull_request).map(issueFromPayload);
  }

  async listComments({ owner, repo }: RepoRef, issue: number): Promise<CommentSnapshot[]> {
    const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issue,
      per_page: 100,
    });
    return comments.map(commentFromPayload);
  }

  async listRepoComments(
    { owner, repo }: RepoRef,
    { since, maxPages }: { since: string; maxPages: number },
  ): Promise<Map<number, CommentSnapshot[]> | null> {
    const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listCommentsForRepo, {
      owner,
      repo,
      since,
      sort: "created",
      direction: "asc",
      per_page: 100,
    });
    const byIssue = new Map<number, CommentSnapshot[]>();
    let first = true;
    for await (const { data, headers } of pages) {
      if (first && lastPageOf(headers.link) > maxPages) return null;
      first = false;
      for (const comment of data) {
        const issue = issueNumberFromUrl(comment.issue_url);
        if (issue === null) continue;
        const list = byIssue.get(issue) ?? [];
        list.push(commentFromPayload(comment));
        byIssue.set(issue, list);
      }
    }
    return byIssue;
  }

  async getRole({ owner, repo }: RepoRef, login: string): Promise<RepoRole> {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
        owner,
        repo,
        username: login,
      });
      // Custom repository roles: fall back to the base permission GitHub reports.
      return knownRole(data.role_name) ?? knownRole(data.permission) ?? "none";
    } catch (error) {
      if (isStatus(error, 404)) return "none";
      throw error;
    }
  }

  async listCollaboratorRoles(
    { owner, repo }: RepoRef,
    { maxPages }: { maxPages: number },
  ): Promise<Map<string, RepoRole> | null> {
    const pages = this.octokit.paginate.iterator(this.octokit.rest.repos.listCollaborators, {
      owner,
      repo,
      affiliation: "all",
      per_page: 100,
    });
    const roles = new Map<string, RepoRole>();
    let first = true;
    for await (const { data, headers } of pages) {
      if (first && lastPageOf(headers.link) > maxPages) return null;
      first = false;
      for (const person of data) {
        const role = knownRole(person.role_name) ?? roleFromFlags(person.permissions);
        roles.set(person.login.toLowerCase(), role);
      }
    }
    return roles;
  }

  async addLabels({ owner, repo }: RepoRef, issue: number, labels: string[]) {
    await this.octokit.rest.issues.addLabels({ owner, repo, issue_number: issue, labels });
  }

  async removeLabel({ owner, repo }: RepoRef, issue: number, label: string) {
    try {
      await this.octokit.rest.issues.removeLabel({ owner, repo, issue_number: issue, name: label });
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }

  async replaceLabels(
    { owner, repo }: RepoRef,
    issue: number,
    change: { add: readonly string[]; remove: readonly string[] },
  ) {
    const current = await this.octokit.paginate(this.octokit.rest.issues.listLabelsOnIssue, {
      owner,
      repo,
      issue_number: issue,
      per_page: 100,
    });
    const names = current.map((label) => label.name);
    const next = nextLabels(names, change);
    if (next === null) return;
    await this.octokit.rest.issues.setLabels({ owner, repo, issue_number: issue, labels: next });
  }

  async createComment({ owner, repo }: RepoRef, issue: number, body: string) {
    const { data } = await this.octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issue,
      body,
    });
    return { id: data.id, url: data.html_url };
  }

  async updateComment({ owner, repo }: RepoRef, commentId: number, body: string) {
    await this.octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
  }

  async addReaction(
    { owner, repo }: RepoRef,
    commentId: number,
    content: "+1" | "-1" | "eyes" | "confused" | "rocket",
  ) {
    await this.octokit.rest.reactions.createForIssueComment({
      owner,
      repo,
      comment_id: commentId,
      content,
    });
  }

  async findIssueWithLabel({ owner, repo }: RepoRef, label: string) {
    const { data } = await this.octokit.rest.issues.listForRepo({
      owner,
      repo,
      labels: label,
      state: "open",
      sort: "created",
      direction: "asc",
      per_page: 10,
    });
    const issue = data.find((candidate) => !candidate.pull_request);
    return issue ? { number: issue.number, url: issue.html_url, body: issue.body ?? "" } : null;
  }

  async createIssue(
    { owner, repo }: RepoRef,
    issue: { title: string; body: string; labels: string[] },
  ) {
    const { data } = await this.octokit.rest.issues.create({ owner, repo, ...issue });
    return { number: data.number, url: data.html_url, body: data.body ?? "" };
  }

  async updateIssueBody({ owner, repo }: RepoRef, issue: number, body: string) {
    await this.octokit.rest.issues.update({ owner, repo, issue_number: issue, body });
  }

  async findOpenPull({ owner, repo }: RepoRef, branch: string): Promise<PullRequestInfo | null> {
    const { data } = await this.octokit.rest.pulls.list({
      owner,
      repo,
      head: `${owner}:${branch}`,
      state: "open",
      per_page: 10,
    });
    const pull = data[0];
    return pull
      ? {
          number: pull.number,
          url: pull.html_url,
          draft: pull.draft ?? false,
          headRef: pull.head.ref,
        }
      : null;
  }

  async createPull(
    { owner, repo }: RepoRef,
    pull: { title: string; body: string; head: string; base: string; draft: boolean },
  ) {
    const data = await this.octokit.rest.pulls.create({ owner, repo, ...pull }).then(
      (response) => response.data,
      (error: unknown) => {
        throw isPullExists(error) ? new PullExistsError(pull.head) : error;
      },
    );
    return {
      number: data.number,
      url: data.html_url,
      draft: data.draft ?? false,
      headRef: data.head.ref,
    };
  }

  async updatePull(
    { owner, repo }: RepoRef,
    number: number,
    pull: { title: string; body: string },
  ) {
    await this.octokit.rest.pulls.update({ owner, repo, pull_number: number, ...pull });
  }

  async getIssue({ owner, repo }: RepoRef, issue: number) {
    const { data } = await this.octokit.rest.issues.get({ owner, repo, issue_number: issue });
    return { issue: issueFromPayload(data), isPullRequest: Boolean(data.pull_request) };
  }

  async readIssue({ owner, repo }: RepoRef, issue: number) {
    try {
      const { data } = await this.octokit.rest.issues.get({ owner, repo, issue_number: issue });
      const state = data.state === "closed" ? ("closed" as const) : ("open" as const);
      return { state, body: data.body ?? "" };
    } catch (error) {
      if (isStatus(error, 404) || isStatus(error, 403) || isStatus(error, 410)) return null;
      throw error;
    }
  }

  async listBlockedBy({ owner, repo }: RepoRef, issue: number): Promise<IssueLink[]> {
    const blockers = await this.octokit.paginate(
      this.octokit.rest.issues.listDependenciesBlockedBy,
      {
        owner,
        repo,
        issue_number: issue,
        per_page: 100,
      },
    );
    return blockers.map((blocker) => {
      // `repository_url` ends in /repos/{owner}/{repo}, on github.com and Enterprise alike.
      const [, blockerOwner = owner, blockerRepo = repo] =
        /\/repos\/([^/]+)\/([^/]+)$/.exec(blocker.repository_url) ?? [];
      return {
        owner: blockerOwner,
        repo: blockerRepo,
        number: blocker.number,
        state: blocker.state === "closed" ? "closed" : "open",
      };
    });
  }

  async listLabels({ owner, repo }: RepoRef): Promise<string[]> {
    const labels = await this.octokit.paginate(this.octokit.rest.issues.listLabelsForRepo, {
      owner,
      repo,
      per_page: 100,
    });
    return labels.map((label) => label.name);
  }

  async createLabel({ owner, repo }: RepoRef, label: LabelSpec) {
    await this.octokit.rest.issues.createLabel({ owner, repo, ...label });
  }

  async listPullFiles({ owner, repo }: RepoRef, pull: number): Promise<string[]> {
    const files = await this.octokit.paginate(this.octokit.rest.pulls.listFiles, {
      owner,
      repo,
      pull_number: pull,
      per_page: 100,
    });
    return files.map((file) => file.filename);
  }

  async readFileAt({ owner, repo }: RepoRef, path: string, sha: string): Promise<string | null> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({ owner, repo, path, ref: sha });
      if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
      return Buffer.from(data.content, "base64").toString("utf8");
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  async createCheckRun({ owner, repo }: RepoRef, check: CheckRunResult) {
    await this.octokit.rest.checks.create({
      owner,
      repo,
      name: check.name,
      head_sha: check.headSha,
      status: "completed",
      conclusion: check.conclusion,
      output: { title: check.title, summary: check.summary },
    });
  }

  async getBranchHead({ owner, repo }: RepoRef, branch: string): Promise<string | null> {
    try {
      const { data } = await this.octokit.rest.repos.getBranch({ owner, repo, branch });
      return data.commit.sha;
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  async listPullsForBranch({ owner, repo }: RepoRef, branch: string): Promise<PullRequestRecord[]> {
    const pulls = await this.octokit.paginate(this.octokit.rest.pulls.list, {
      owner,
      repo,
      head: `${owner}:${branch}`,
      state: "all",
      sort: "created",
      direction: "desc",
      per_page: 100,
    });
    return pulls.map((pull) => ({
      number: pull.number,
      url: pull.html_url,
      draft: pull.draft ?? false,
      headRef: pull.head.ref,
      state: pull.state === "open" ? "open" : "closed",
      merged: pull.merged_at !== null,
      body: pull.body ?? "",
    }));
  }

  getPull(ref: RepoRef, number: number) {
    return getPull(this.octokit, ref, number);
  }

  listPullReviews(ref: RepoRef, number: number) {
    return listPullReviews(this.octokit, ref, number);
  }

  listPullReviewComments(ref: RepoRef, number: number) {
    return listPullReviewComments(this.octokit, ref, number);
  }

  async gitToken(_ref?: RepoRef, options: { fresh?: boolean } = {}): Promise<string> {
    if (options.fresh === true && this.installationId !== undefined) {
      // Through the Octokit's own request (its hook signs app routes with the app's JWT), so the
      // configured base URL applies; `auth({ refresh: true })` would use auth-app's default host.
      const { data } = await this.octokit.rest.apps.createInstallationAccessToken({
        installation_id: this.installationId,
      });
      return data.token;
    }
    // A token with more than TOKEN_MARGIN_MS left is handed out again: no request at all.
    if (this.lastToken && this.lastToken.expiresAt - Date.now() > TOKEN_MARGIN_MS) {
      return this.lastToken.value;
    }
    // Probot builds the app auth strategy without the API base URL, so asking it for a token
    // before any request would mint one at api.github.com even on GHE. A request through the
    // auth hook mints (or reuses) the token at the right host and caches it for `auth()`.
    await this.octokit.rest.apps.listReposAccessibleToInstallation({ per_page: 1 });
    const auth: unknown = await this.octokit.auth({ type: "installation" });
    if (
      typeof auth === "object" &&
      auth !== null &&
      "token" in auth &&
      typeof auth.token === "string"
    ) {
      const expiresAt =
        "expiresAt" in auth && typeof auth.expiresAt === "string"
          ? Date.parse(auth.expiresAt)
          : NaN;
      // Without a known expiry the token is not kept: the next push asks again.
      this.lastToken = Number.isFinite(expiresAt) ? { value: auth.token, expiresAt } : undefined;
      return auth.token;
    }
    throw new Error("the installation Octokit did not yield a token");
  }

  async dispatchWorkflow({ owner, repo }: RepoRef, dispatch: WorkflowDispatch) {
    try {
      // Octokit's types know only the 204; github.com answers 200 with the run when asked.
      const response: { status: number; data: unknown } =
        await this.octokit.rest.actions.createWorkflowDispatch({
          owner,
          repo,
          workflow_id: dispatch.workflow,
          ref: dispatch.ref,
          inputs: dispatch.inputs,
          ...(dispatch.returnRunDetails ? { return_run_details: true } : {}),
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
  }

  async listDispatchedRuns(
    { owner, repo }: RepoRef,
    workflow: string,
    { since, maxPages }: { since: Date; maxPages: number },
  ): Promise<WorkflowRunInfo[]> {
    const pages = this.octokit.paginate.iterator(this.octokit.rest.actions.listWorkflowRuns, {
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
  }

  async getWorkflowRun({ owner, repo }: RepoRef, runId: number): Promise<WorkflowRunInfo | null> {
    try {
      const { data } = await this.octokit.rest.actions.getWorkflowRun({
        owner,
        repo,
        run_id: runId,
      });
      return runInfo(data);
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  async listRunJobs({ owner, repo }: RepoRef, runId: number) {
    const jobs = await this.octokit.paginate(this.octokit.rest.actions.listJobsForWorkflowRun, {
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
  }

  async listRunArtifacts({ owner, repo }: RepoRef, runId: number) {
    const artifacts = await this.octokit.paginate(
      this.octokit.rest.actions.listWorkflowRunArtifacts,
      { owner, repo, run_id: runId, per_page: 100 },
    );
    return artifacts.map((artifact) => ({
      id: artifact.id,
      name: artifact.name,
      sizeInBytes: artifact.size_in_bytes,
      expired: artifact.expired,
    }));
  }

  async downloadArtifact(
    { owner, repo }: RepoRef,
    artifactId: number,
    { maxBytes }: { maxBytes: number },
  ): Promise<ArtifactDownload> {
    let location: string | undefined;
    try {
      // The redirect is read, not followed: the pre-signed URL must not get our token.
      const response = await this.octokit.rest.actions.downloadArtifact({
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
  }

  async cancelWorkflowRun({ owner, repo }: RepoRef, runId: number) {
    try {
      await this.octokit.rest.actions.cancelWorkflowRun({ owner, repo, run_id: runId });
      return "cancelling" as const;
    } catch (error) {
      if (isStatus(error, 409)) return "completed" as const;
      throw error;
    }
  }
}
