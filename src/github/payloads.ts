import type { CommentSnapshot, IssueSnapshot } from "../types.js";

interface UserLike {
  login: string;
  type?: string;
}

interface IssueLike {
  number: number;
  title: string;
  body?: string | null;
  labels?: ReadonlyArray<string | { name?: string }>;
  user: UserLike | null;
  created_at: string;
  state?: string;
  comments?: number;
  issue_dependencies_summary?: { blocked_by?: number };
}

interface CommentLike {
  id: number;
  body?: string | null;
  user: UserLike | null;
  created_at: string;
  updated_at?: string;
}

export const actorType = (user: UserLike | null): IssueSnapshot["authorType"] =>
  user?.type === "Bot" ? "Bot" : user?.type === "Organization" ? "Organization" : "User";

/** An issue from the REST API or a webhook payload, as the domain sees it. */
export function issueFromPayload(issue: IssueLike): IssueSnapshot {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    labels: (issue.labels ?? []).flatMap((label) => {
      const name = typeof label === "string" ? label : label.name;
      return name ? [name] : [];
    }),
    author: issue.user?.login ?? "ghost",
    authorType: actorType(issue.user),
    createdAt: issue.created_at,
    state: issue.state === "closed" ? "closed" : "open",
    ...(issue.comments === undefined ? {} : { commentCount: issue.comments }),
    ...(issue.issue_dependencies_summary?.blocked_by === undefined
      ? {}
      : { openBlockers: issue.issue_dependencies_summary.blocked_by }),
  };
}

export function commentFromPayload(comment: CommentLike): CommentSnapshot {
  return {
    id: comment.id,
    body: comment.body ?? "",
    author: comment.user?.login ?? "ghost",
    authorType: actorType(comment.user),
    createdAt: comment.created_at,
    ...(comment.updated_at === undefined ? {} : { updatedAt: comment.updated_at }),
  };
}

/** The issue number at the end of a comment's `issue_url` (…/issues/12), or null. */
export function issueNumberFromUrl(url: string): number | null {
  const match = /\/issues\/(\d+)$/.exec(url);
  return match?.[1] ? Number(match[1]) : null;
}

/** How many pages a paginated listing has, from its first page's `Link` header (none: one). */
export function lastPageOf(link: string | undefined): number {
  for (const part of link?.split(",") ?? []) {
    if (!/rel="last"/.test(part)) continue;
    const url = /<([^>]+)>/.exec(part)?.[1];
    const page = url ? new URL(url).searchParams.get("page") : null;
    if (page && /^\d+$/.test(page)) return Number(page);
  }
  return 1;
}
