import type { AccountType, CommentRecord, IssueRecord, RepoRecord } from "./model.js";
import type { Urls } from "./render.js";
import type { World } from "./world.js";

/** Read-only views of the simulator's state for tests and the demo; plain data, copied out. */

export interface IssueView {
  number: number;
  title: string;
  /** "" when GitHub would say null. */
  body: string;
  state: "open" | "closed";
  stateReason: string | null;
  labels: string[];
  author: string;
  authorType: AccountType;
  isPullRequest: boolean;
  comments: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  htmlUrl: string;
}

export interface PullView {
  number: number;
  title: string;
  /** "" when GitHub would say null. */
  body: string;
  state: "open" | "closed";
  draft: boolean;
  merged: boolean;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  author: string;
  labels: string[];
  commits: number;
  htmlUrl: string;
}

export interface ReactionView {
  id: number;
  content: string;
  user: string;
}

export interface CommentView {
  id: number;
  issue: number;
  body: string;
  author: string;
  authorType: AccountType;
  /** True when made through the app's installation token. */
  viaApp: boolean;
  createdAt: string;
  updatedAt: string;
  reactions: ReactionView[];
}

export interface LabelView {
  name: string;
  color: string;
  description: string | null;
}

export interface SimState {
  /** `owner/name` of every repository. */
  repositories(): string[];
  issue(repo: string, number: number): IssueView | undefined;
  /** Issues and pull requests, in number order. */
  issues(repo: string): IssueView[];
  pull(repo: string, number: number): PullView | undefined;
  pulls(repo: string): PullView[];
  comments(repo: string, issue: number): CommentView[];
  labelsOf(repo: string, issue: number): string[];
  labels(repo: string): LabelView[];
  reactions(repo: string, commentId: number): ReactionView[];
  /** Check runs created in the repository, oldest first. */
  checkRuns(repo: string): CheckRunView[];
}

export interface CheckRunView {
  name: string;
  headSha: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
}

export function createStateView(world: World, urls: Urls): SimState {
  const repoOf = (full: string): RepoRecord => {
    const repo = world.repoByFullName(full);
    if (!repo) throw new Error(`simulator: no repository "${full}"`);
    return repo;
  };
  const html = (repo: RepoRecord, issue: IssueRecord): string =>
    `${urls.web}/${repo.owner.login}/${repo.name}/${issue.pull ? "pull" : "issues"}/${issue.number}`;
  const issueView = (repo: RepoRecord, i: IssueRecord): IssueView => ({
    number: i.number,
    title: i.title,
    body: i.body ?? "",
    state: i.state,
    stateReason: i.stateReason,
    labels: i.labels.map((l) => l.name),
    author: i.user.login,
    authorType: i.user.type,
    isPullRequest: i.pull !== null,
    comments: i.comments.length,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    closedAt: i.closedAt,
    htmlUrl: html(repo, i),
  });
  const pullView = (repo: RepoRecord, i: IssueRecord): PullView | undefined => {
    const p = i.pull;
    if (!p) return undefined;
    return {
      number: i.number,
      title: i.title,
      body: i.body ?? "",
      state: i.state,
      draft: p.draft,
      merged: p.merged,
      head: { ref: p.headRef, sha: p.headSha },
      base: { ref: p.baseRef, sha: p.baseSha },
      author: i.user.login,
      labels: i.labels.map((l) => l.name),
      commits: p.commits,
      htmlUrl: html(repo, i),
    };
  };
  const commentView = (c: CommentRecord): CommentView => ({
    id: c.id,
    issue: c.issueNumber,
    body: c.body,
    author: c.user.login,
    authorType: c.user.type,
    viaApp: c.viaApp,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    reactions: c.reactions.map((r) => ({ id: r.id, content: r.content, user: r.user.login })),
  });

  return {
    repositories: () => [...world.repos.values()].map((r) => `${r.owner.login}/${r.name}`),
    issue: (full, number) => {
      const repo = repoOf(full);
      const issue = world.issue(repo, number);
      return issue && issueView(repo, issue);
    },
    issues: (full) => {
      const repo = repoOf(full);
      return repo.issues.map((i) => issueView(repo, i));
    },
    pull: (full, number) => {
      const repo = repoOf(full);
      const issue = world.issue(repo, number);
      return issue && pullView(repo, issue);
    },
    pulls: (full) => {
      const repo = repoOf(full);
      return repo.issues.flatMap((i) => pullView(repo, i) ?? []);
    },
    comments: (full, number) =>
      (world.issue(repoOf(full), number)?.comments ?? []).map(commentView),
    labelsOf: (full, number) =>
      (world.issue(repoOf(full), number)?.labels ?? []).map((l) => l.name),
    labels: (full) =>
      repoOf(full).labels.map((l) => ({
        name: l.name,
        color: l.color,
        description: l.description,
      })),
    reactions: (full, id) =>
      (world.comment(repoOf(full), id)?.comment.reactions ?? []).map((r) => ({
        id: r.id,
        content: r.content,
        user: r.user.login,
      })),
    checkRuns: (full) =>
      repoOf(full).checkRuns.map((run) => ({
        name: run.name,
        headSha: run.headSha,
        conclusion: run.conclusion,
        title: run.title,
        summary: run.summary,
      })),
  };
}
