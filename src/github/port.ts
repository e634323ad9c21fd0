import type { CommentSnapshot, IssueSnapshot, RepoRef } from "../types.js";

/**
 * The GitHub port: everything the domain asks of GitHub, as one narrow interface.
 * `OctokitGitHub` implements it against the REST API; tests may pass a fake.
 */
export interface GitHubPort {
  getRepo(ref: RepoRef): Promise<RepoInfo>;
  /** The repository's Nightshift config (with Probot `_extends`), or null when absent. */
  readConfig(ref: RepoRef, path: string): Promise<unknown>;
  /** Open issues (never pull requests), oldest first. */
  listOpenIssues(ref: RepoRef): Promise<IssueSnapshot[]>;
  /** Issues (never pull requests) opened by `creator`, open or closed, updated since `since`. */
  listIssuesBy(ref: RepoRef, creator: string, since: Date): Promise<IssueSnapshot[]>;
  listComments(ref: RepoRef, issue: number): Promise<CommentSnapshot[]>;
  /**
   * Every issue comment of the repository updated at or after `since`, oldest first, by issue
   * number; null, after one request, when the listing runs to more than `maxPages` pages.
   */
  listRepoComments(
    ref: RepoRef,
    options: { since: string; maxPages: number },
  ): Promise<Map<number, CommentSnapshot[]> | null>;
  /** The user's role from the collaborator permission API; "none" when not a collaborator. */
  getRole(ref: RepoRef, login: string): Promise<RepoRole>;
  /**
   * Everyone with a role in the repository (direct, team, organization and owner access), by
   * lowercased login; null, after one request, when the listing runs to more than `maxPages` pages.
   */
  listCollaboratorRoles(
    ref: RepoRef,
    options: { maxPages: number },
  ): Promise<Map<string, RepoRole> | null>;
  addLabels(ref: RepoRef, issue: number, labels: string[]): Promise<void>;
  /** Removes a label; a label that is not on the issue is not an error. */
  removeLabel(ref: RepoRef, issue: number, label: string): Promise<void>;
  /**
   * Takes `remove` off the issue and puts `add` on in one write (the issue's labels are read,
   * then set whole), keeping every other label; no write when nothing would change.
   */
  replaceLabels(
    ref: RepoRef,
    issue: number,
    change: { add: readonly string[]; remove: readonly string[] },
  ): Promise<void>;
  createComment(ref: RepoRef, issue: number, body: string): Promise<CommentRef>;
  updateComment(ref: RepoRef, commentId: number, body: string): Promise<void>;
  addReaction(ref: RepoRef, commentId: number, content: Reaction): Promise<void>;
  /** The oldest open issue carrying `label`, or null. */
  findIssueWithLabel(ref: RepoRef, label: string): Promise<IssueRef | null>;
  createIssue(
    ref: RepoRef,
    issue: { title: string; body: string; labels: string[] },
  ): Promise<IssueRef>;
  /** Replaces an issue's body (the report issue's dashboard). */
  updateIssueBody(ref: RepoRef, issue: number, body: string): Promise<void>;
  /** The open pull request whose head is `branch` in this repository, or null. */
  findOpenPull(ref: RepoRef, branch: string): Promise<PullRequestInfo | null>;
  createPull(ref: RepoRef, pull: NewPullRequest): Promise<PullRequestInfo>;
  updatePull(ref: RepoRef, number: number, pull: { title: string; body: string }): Promise<void>;
  /**
   * An issue's (or pull request's) state and body, or null when it does not exist or cannot
   * be read with this installation.
   */
  readIssue(ref: RepoRef, issue: number): Promise<IssueFacts | null>;
  /** An issue (or pull request) as it reads now: events are re-read, never trusted in order. */
  getIssue(ref: RepoRef, issue: number): Promise<{ issue: IssueSnapshot; isPullRequest: boolean }>;
  /** GitHub's native "blocked by" relations of an issue. */
  listBlockedBy(ref: RepoRef, issue: number): Promise<IssueLink[]>;
  /** Every label of the repository (names as GitHub spells them). */
  listLabels(ref: RepoRef): Promise<string[]>;
  createLabel(ref: RepoRef, label: LabelSpec): Promise<void>;
  /** Paths a pull request changes. */
  listPullFiles(ref: RepoRef, pull: number): Promise<string[]>;
  /** A file's text at a commit, or null when it is absent there. */
  readFileAt(ref: RepoRef, path: string, sha: string): Promise<string | null>;
  createCheckRun(ref: RepoRef, check: CheckRunResult): Promise<void>;
  /**
   * A token that git may use to fetch and push this repository (an installation token).
   * `fresh`: mint a new one rather than reuse a cached one (long runs outlive a token's hour).
   */
  gitToken(ref: RepoRef, options?: { fresh?: boolean }): Promise<string>;
  /** The commit a branch points at, or null when the branch does not exist. */
  getBranchHead(ref: RepoRef, branch: string): Promise<string | null>;
  /** Every pull request (open, closed, merged) whose head is `branch` in this repository, newest first. */
  listPullsForBranch(ref: RepoRef, branch: string): Promise<PullRequestRecord[]>;
  /** A pull request as a follow-up request reads it, or null when it does not exist. */
  getPull(ref: RepoRef, number: number): Promise<PullFacts | null>;
  /** A pull request's submitted reviews, oldest first. */
  listPullReviews(ref: RepoRef, number: number): Promise<ReviewSnapshot[]>;
  /** A pull request's review (inline) comments, oldest first. */
  listPullReviewComments(ref: RepoRef, number: number): Promise<ReviewCommentSnapshot[]>;
}

/** A pull request's facts: who opened it, from which branch, what its body says. */
export interface PullFacts extends PullRequestRecord {
  author: string;
  headSha: string;
  /** `owner/repo` of the head branch; null when its repository was deleted. */
  headRepo: string | null;
}

/** One submitted review of a pull request. */
export interface ReviewSnapshot {
  id: number;
  author: string;
  authorType: "User" | "Bot" | "Organization";
  /** GitHub's state: APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING. */
  state: string;
  body: string;
  /** The commit the review was made on. */
  commitId: string | null;
  submittedAt: string | null;
}

/** One inline review comment, on a line of a file. */
export interface ReviewCommentSnapshot {
  id: number;
  /** The review it belongs to, when GitHub says. */
  reviewId: number | null;
  author: string;
  authorType: "User" | "Bot" | "Organization";
  body: string;
  path: string;
  line: number | null;
  commitId: string;
  createdAt: string;
}

export interface RepoInfo extends RepoRef {
  defaultBranch: string;
  cloneUrl: string;
  archived: boolean;
}

export type RepoRole = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export type Reaction = "+1" | "-1" | "eyes" | "confused" | "rocket";

export interface CommentRef {
  id: number;
  url: string;
}

export interface IssueRef {
  number: number;
  url: string;
  /** The issue's body, when the call that found the issue read it. */
  body?: string;
}

export interface NewPullRequest {
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
}

export interface PullRequestInfo {
  number: number;
  url: string;
  draft: boolean;
  headRef: string;
}

/** What a dependency check reads of a blocker: is it open, and what does it wait for. */
export interface IssueFacts {
  state: "open" | "closed";
  body: string;
}

/** An issue named by repository and number, with its state when known. */
export interface IssueLink extends RepoRef {
  number: number;
  state: "open" | "closed";
}

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

export interface CheckRunResult {
  name: string;
  headSha: string;
  conclusion: "success" | "failure";
  title: string;
  summary: string;
}

/** A pull request with what idempotent publishing needs to know about it. */
export interface PullRequestRecord extends PullRequestInfo {
  state: "open" | "closed";
  merged: boolean;
  body: string;
}

/** GitHub's 422 "A pull request already exists for owner:branch." on creating a pull request. */
export class PullExistsError extends Error {
  constructor(readonly branch: string) {
    super(`a pull request already exists for ${branch}`);
    this.name = "PullExistsError";
  }
}

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
