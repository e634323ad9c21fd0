/**
 * The simulator's internal records. They mirror GitHub's data model: a pull request is an issue
 * with a `pull` part (so both share one number sequence), labels belong to a repository and
 * issues hold references to them, comments hold their reactions.
 */

export type AccountType = "User" | "Bot" | "Organization";
export type Role = "admin" | "maintain" | "write" | "triage" | "read";

export interface UserRecord {
  id: number;
  login: string;
  type: AccountType;
  name: string | null;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

/** A milestone of a repository (issues carry at most one). */
export interface MilestoneRecord {
  id: number;
  number: number;
  title: string;
  state: "open" | "closed";
  createdAt: string;
}

export interface ReactionRecord {
  id: number;
  user: UserRecord;
  content: ReactionContent;
  createdAt: string;
}

export const REACTION_CONTENTS = [
  "+1",
  "-1",
  "laugh",
  "confused",
  "heart",
  "hooray",
  "rocket",
  "eyes",
] as const;
export type ReactionContent = (typeof REACTION_CONTENTS)[number];

export interface CommentRecord {
  id: number;
  issueNumber: number;
  user: UserRecord;
  body: string;
  createdAt: string;
  updatedAt: string;
  /** Set when created through an installation token: GitHub shows the app. */
  viaApp: boolean;
  reactions: ReactionRecord[];
}

export interface PullRecord {
  id: number;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  mergedBy: UserRecord | null;
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
  /** Submitted reviews, oldest first. */
  reviews: ReviewRecord[];
  /** Inline review comments, oldest first. */
  reviewComments: ReviewCommentRecord[];
}

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED";

/** A submitted review of a pull request, at the head commit it was written against. */
export interface ReviewRecord {
  id: number;
  user: UserRecord;
  state: ReviewState;
  body: string;
  commitId: string;
  submittedAt: string;
}

/** An inline comment on a line of a pull request's diff, part of one review. */
export interface ReviewCommentRecord {
  id: number;
  reviewId: number;
  user: UserRecord;
  path: string;
  line: number;
  body: string;
  commitId: string;
  createdAt: string;
}

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: UserRecord;
  labels: LabelRecord[];
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: UserRecord | null;
  comments: CommentRecord[];
  viaApp: boolean;
  pull: PullRecord | null;
  /** GitHub's native "blocked by" relations (same repository only here). */
  blockedBy: IssueRecord[];
  /** The issue's milestone, if it has one. */
  milestone?: MilestoneRecord;
}

export interface RepoRecord {
  id: number;
  owner: UserRecord;
  name: string;
  defaultBranch: string;
  private: boolean;
  archived: boolean;
  collaborators: Map<string, Role>;
  labels: LabelRecord[];
  /** Index = number - 1. */
  issues: IssueRecord[];
  /** Index = number - 1. */
  milestones: MilestoneRecord[];
  checkRuns: CheckRunRecord[];
  createdAt: string;
  pushedAt: string;
}

export const fullName = (repo: RepoRecord): string => `${repo.owner.login}/${repo.name}`;

/** A check run an app created on a commit (the simulator keeps what it was told). */
export interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  createdAt: string;
}
