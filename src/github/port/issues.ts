import type { ClosedIssue } from "../../learn/repeats.js";
import type { IssueSnapshot, RepoRef } from "../../types.js";

/** Issues: listing, reading, opening and editing them, and their "blocked by" relations. */
export interface IssuesPort {
  /** Open issues (never pull requests), oldest first. */
  listOpenIssues(ref: RepoRef): Promise<IssueSnapshot[]>;
  /** Issues (never pull requests) opened by `creator`, open or closed, updated since `since`. */
  listIssuesBy(ref: RepoRef, creator: string, since: Date): Promise<IssueSnapshot[]>;
  /**
   * Every issue (never pull requests), open or closed, of a milestone (by title) or carrying a
   * label; null when the repository has no milestone with that title.
   */
  listIssuesOf(ref: RepoRef, set: IssueSet): Promise<IssueSnapshot[] | null>;
  /**
   * Issues (never pull requests) closed at or after `since`: one listing of closed issues
   * updated since then, most recently updated first, read for at most `maxPages` pages of 100.
   */
  listClosedIssues(
    ref: RepoRef,
    options: { since: Date; maxPages: number },
  ): Promise<ClosedIssue[]>;
  /** An issue (or pull request) as it reads now: events are re-read, never trusted in order. */
  getIssue(ref: RepoRef, issue: number): Promise<{ issue: IssueSnapshot; isPullRequest: boolean }>;
  /**
   * An issue's (or pull request's) state and body, or null when it does not exist or cannot
   * be read with this installation.
   */
  readIssue(ref: RepoRef, issue: number): Promise<IssueFacts | null>;
  createIssue(
    ref: RepoRef,
    issue: { title: string; body: string; labels: string[] },
  ): Promise<IssueRef>;
  /** Replaces an issue's body (the report issue's dashboard). */
  updateIssueBody(ref: RepoRef, issue: number, body: string): Promise<void>;
  /** The oldest open issue carrying `label`, or null. */
  findIssueWithLabel(ref: RepoRef, label: string): Promise<IssueRef | null>;
  /** GitHub's native "blocked by" relations of an issue. */
  listBlockedBy(ref: RepoRef, issue: number): Promise<IssueLink[]>;
}

/** A set of issues named in config: a milestone's title, or a label. */
export type IssueSet = { milestone: string } | { label: string };

export interface IssueRef {
  number: number;
  url: string;
  /** The issue's body, when the call that found the issue read it. */
  body?: string;
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
