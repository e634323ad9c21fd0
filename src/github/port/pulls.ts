import type { RepoRef } from "../../types.js";

/** Pull requests as the run publishes them: found by branch, opened, retitled; their files. */
export interface PullsPort {
  /** The open pull request whose head is `branch` in this repository, or null. */
  findOpenPull(ref: RepoRef, branch: string): Promise<PullRequestInfo | null>;
  /** Every pull request (open, closed, merged) whose head is `branch` in this repository, newest first. */
  listPullsForBranch(ref: RepoRef, branch: string): Promise<PullRequestRecord[]>;
  createPull(ref: RepoRef, pull: NewPullRequest): Promise<PullRequestInfo>;
  updatePull(ref: RepoRef, number: number, pull: { title: string; body: string }): Promise<void>;
  /** Paths a pull request changes. */
  listPullFiles(ref: RepoRef, pull: number): Promise<string[]>;
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
