/**
 * Glossary — the words the rest of the code uses.
 *
 * - **task**: an open issue that carries a priority label, seen as a unit of agent work.
 * - **session**: one night's work on the host, spanning one schedule window.
 * - **cycle**: one pass of preflight → plan → run → collect inside a session.
 * - **window**: a span of local time (may cross midnight) in which sessions run.
 * - **run**: one agent working on one task in its own workspace, followed by its gates.
 * - **gate**: a repository-configured check (e.g. `npm test`) that decides what a run ships.
 * - **quota**: agent prompts still available to the host, spent by runs.
 */

export type Priority = "critical" | "high" | "medium" | "low";
export const PRIORITIES: readonly Priority[] = ["critical", "high", "medium", "low"];

export type Size = "S" | "M" | "L" | "XL";

/** A repository addressed by owner and name. */
export interface RepoRef {
  owner: string;
  repo: string;
}

export const repoFullName = (ref: RepoRef): string => `${ref.owner}/${ref.repo}`;

/** An issue as the queue sees it: the GitHub data Nightshift reads, nothing more. */
export interface IssueSnapshot {
  number: number;
  title: string;
  body: string;
  labels: string[];
  author: string;
  authorType: "User" | "Bot" | "Organization";
  createdAt: string;
  state: "open" | "closed";
  /** How many comments the issue has, when the API said (lets planning skip empty histories). */
  commentCount?: number;
  /** Open issues blocking this one by GitHub's native relation, when the API said. */
  openBlockers?: number;
}

export interface CommentSnapshot {
  id: number;
  body: string;
  author: string;
  authorType: "User" | "Bot" | "Organization";
  createdAt: string;
  /** Differs from createdAt once the comment was edited; edited comments command nothing. */
  updatedAt?: string;
}

/** The minimal logger domain code needs; pino's Logger satisfies it. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Time is injected into every piece of domain logic. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
