import {
  REACTION_CONTENTS,
  fullName,
  type CommentRecord,
  type IssueRecord,
  type ReactionRecord,
  type RepoRecord,
  type UserRecord,
} from "./model.js";
import {
  nodeId,
  renderApp,
  renderLabel,
  renderMilestone,
  renderRepo,
  renderUser,
  type Json,
  type Urls,
} from "./render.js";
import type { World } from "./world.js";

/** JSON shapes of issues, comments, reactions and pull requests, as GitHub presents them. */

function reactionSummary(url: string, reactions: readonly ReactionRecord[]): Json {
  const summary: Json = { url, total_count: reactions.length };
  for (const content of REACTION_CONTENTS)
    summary[content] = reactions.filter((r) => r.content === content).length;
  return summary;
}

export function authorAssociation(world: World, repo: RepoRecord, user: UserRecord): string {
  if (repo.owner === user) return "OWNER";
  if (world.role(repo, user)) return "COLLABORATOR";
  return "NONE";
}

/** Counts of blocking relations; `blocked_by` and `blocking` count open issues only. */
function dependencySummary(repo: RepoRecord, issue: IssueRecord): Json {
  const blocking = repo.issues.filter((other) => other.blockedBy.includes(issue));
  return {
    blocked_by: issue.blockedBy.filter((i) => i.state === "open").length,
    blocking: blocking.filter((i) => i.state === "open").length,
    total_blocked_by: issue.blockedBy.length,
    total_blocking: blocking.length,
  };
}

export function renderIssue(world: World, repo: RepoRecord, issue: IssueRecord, urls: Urls): Json {
  const name = fullName(repo);
  const api = `${urls.api}/repos/${name}/issues/${issue.number}`;
  const html = `${urls.web}/${name}/${issue.pull ? "pull" : "issues"}/${issue.number}`;
  const rendered: Json = {
    url: api,
    repository_url: `${urls.api}/repos/${name}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: html,
    id: issue.id,
    node_id: nodeId(issue.pull ? "PullRequest" : "Issue", issue.id),
    number: issue.number,
    title: issue.title,
    user: renderUser(issue.user, urls),
    labels: issue.labels.map((l) => renderLabel(repo, l, urls)),
    state: issue.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: issue.milestone ? renderMilestone(repo, issue.milestone, urls) : null,
    comments: issue.comments.length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: authorAssociation(world, repo, issue.user),
    type: null,
    active_lock_reason: null,
    body: issue.body,
    closed_by: issue.closedBy ? renderUser(issue.closedBy, urls) : null,
    reactions: reactionSummary(`${api}/reactions`, []),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: issue.viaApp ? renderApp(world.app, urls) : null,
    state_reason: issue.stateReason,
    issue_dependencies_summary: dependencySummary(repo, issue),
  };
  if (issue.pull) {
    const pullApi = `${urls.api}/repos/${name}/pulls/${issue.number}`;
    rendered.draft = issue.pull.draft;
    rendered.pull_request = {
      url: pullApi,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: issue.pull.mergedAt,
    };
  }
  return rendered;
}

export function renderComment(
  world: World,
  repo: RepoRecord,
  comment: CommentRecord,
  urls: Urls,
): Json {
  const name = fullName(repo);
  const issue = world.issue(repo, comment.issueNumber);
  const api = `${urls.api}/repos/${name}/issues/comments/${comment.id}`;
  const kind = issue?.pull ? "pull" : "issues";
  return {
    url: api,
    html_url: `${urls.web}/${name}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${urls.api}/repos/${name}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    user: renderUser(comment.user, urls),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(world, repo, comment.user),
    body: comment.body,
    reactions: reactionSummary(`${api}/reactions`, comment.reactions),
    performed_via_github_app: comment.viaApp ? renderApp(world.app, urls) : null,
  };
}

export function renderReaction(reaction: ReactionRecord, urls: Urls): Json {
  return {
    id: reaction.id,
    node_id: nodeId("Reaction", reaction.id),
    user: renderUser(reaction.user, urls),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

export function renderPull(world: World, repo: RepoRecord, issue: IssueRecord, urls: Urls): Json {
  const pull = issue.pull;
  if (!pull) throw new Error(`#${issue.number} is not a pull request`);
  const name = fullName(repo);
  const api = `${urls.api}/repos/${name}/pulls/${issue.number}`;
  const issueApi = `${urls.api}/repos/${name}/issues/${issue.number}`;
  const html = `${urls.web}/${name}/pull/${issue.number}`;
  const side = (ref: string, sha: string): Json => ({
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: renderUser(repo.owner, urls),
    repo: renderRepo(repo, urls),
  });
  return {
    url: api,
    id: pull.id,
    node_id: nodeId("PullRequest", pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueApi,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${urls.api}/repos/${name}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: `${urls.api}/repos/${name}/statuses/${pull.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: renderUser(issue.user, urls),
    body: issue.body,
    labels: issue.labels.map((l) => renderLabel(repo, l, urls)),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.headRef, pull.headSha),
    base: side(pull.baseRef, pull.baseSha),
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: issueApi },
      comments: { href: `${issueApi}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${urls.api}/repos/${name}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${urls.api}/repos/${name}/statuses/${pull.headSha}` },
    },
    author_association: authorAssociation(world, repo, issue.user),
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: issue.state === "open" ? true : null,
    rebaseable: issue.state === "open" ? true : null,
    mergeable_state: issue.state === "open" ? "clean" : "unknown",
    merged_by: pull.mergedBy ? renderUser(pull.mergedBy, urls) : null,
    comments: issue.comments.length,
    review_comments: pull.reviewComments.length,
    maintainer_can_modify: false,
    commits: pull.commits,
    additions: pull.additions,
    deletions: pull.deletions,
    changed_files: pull.changedFiles,
  };
}

/** Fields GitHub leaves out of the list form of a pull request. */
const PULL_DETAIL_ONLY = [
  "merged",
  "mergeable",
  "rebaseable",
  "mergeable_state",
  "merged_by",
  "comments",
  "review_comments",
  "maintainer_can_modify",
  "commits",
  "additions",
  "deletions",
  "changed_files",
];

/** The list form of a pull request (GitHub omits `merged` and the counters there). */
export function renderPullSummary(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  urls: Urls,
): Json {
  const full = renderPull(world, repo, issue, urls);
  return Object.fromEntries(
    Object.entries(full).filter(([key]) => !PULL_DETAIL_ONLY.includes(key)),
  );
}
