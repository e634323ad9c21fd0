import type { PullFacts } from "../github/port.js";
import type { RepoRef } from "../types.js";

/** Why a pull request is not one a follow-up can be asked on, as data (words at the edges). */
export type NotFollowable =
  { kind: "not-nightshift" } | { kind: "closed" } | { kind: "merged" } | { kind: "pull-missing" };

export type Followable = { ok: true; issue: number } | { ok: false; why: NotFollowable };

/** The hidden marker a Nightshift pull request's body ends with (run/pull-body.ts writes it). */
export const RUN_MARKER = "nightshift:run";

const BRANCH = /^nightshift\/([1-9]\d{0,8})-[a-z0-9-]+$/;
const MARKER = new RegExp(`<!-- ${RUN_MARKER} \\{"issue":([1-9]\\d{0,8}),`);

/**
 * The issue a Nightshift pull request works on, or null. All of it must agree: the head branch
 * is `nightshift/<n>-…` in the repository itself (never a fork), the body carries the bot's
 * hidden marker for the same issue (`pullRequestBody`), and, when the bot's login is known, the
 * bot opened it. A pull request anyone else opened from a look-alike branch is not one.
 */
export function nightshiftPullIssue(
  pull: Pick<PullFacts, "headRef" | "headRepo" | "body" | "author">,
  repo: RepoRef,
  botLogin: string | undefined,
): number | null {
  const branch = BRANCH.exec(pull.headRef);
  const marker = MARKER.exec(pull.body);
  if (!branch?.[1] || !marker?.[1] || branch[1] !== marker[1]) return null;
  if (pull.headRepo?.toLowerCase() !== `${repo.owner}/${repo.repo}`.toLowerCase()) return null;
  if (botLogin !== undefined && pull.author.toLowerCase() !== botLogin.toLowerCase()) return null;
  return Number(branch[1]);
}

/** May a follow-up be asked on this pull request: an open Nightshift pull request? */
export function followable(
  pull: PullFacts | null,
  repo: RepoRef,
  botLogin: string | undefined,
): Followable {
  if (pull === null) return { ok: false, why: { kind: "pull-missing" } };
  const issue = nightshiftPullIssue(pull, repo, botLogin);
  if (issue === null) return { ok: false, why: { kind: "not-nightshift" } };
  if (pull.merged) return { ok: false, why: { kind: "merged" } };
  if (pull.state !== "open") return { ok: false, why: { kind: "closed" } };
  return { ok: true, issue };
}

export function describeNotFollowable(why: NotFollowable): string {
  switch (why.kind) {
    case "not-nightshift":
      return "this is not a pull request Nightshift opened";
    case "closed":
      return "this pull request is closed";
    case "merged":
      return "this pull request is already merged";
    case "pull-missing":
      return "Nightshift cannot read this pull request";
  }
}
