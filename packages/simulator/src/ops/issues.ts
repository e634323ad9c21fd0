import type { SimContext } from "../context.js";
import { emitIssueEvent } from "../events.js";
import type { IssueRecord, LabelRecord, RepoRecord, UserRecord } from "../model.js";
import { renderLabel } from "../render.js";
import { assertWritable, byApp, ensureLabel, touch } from "./common.js";

/** State changes on issues (and on pull requests through the issues API), with their webhooks. */

export function openIssue(
  ctx: SimContext,
  repo: RepoRecord,
  actor: UserRecord,
  input: { title: string; body: string | null; labels: string[] },
): IssueRecord {
  assertWritable(repo);
  const now = ctx.world.timestamp();
  const issue: IssueRecord = {
    id: ctx.world.nextId("issue"),
    number: repo.issues.length + 1,
    title: input.title,
    body: input.body,
    user: actor,
    labels: [],
    state: "open",
    stateReason: null,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
    comments: [],
    viaApp: byApp(ctx, actor),
    pull: null,
    blockedBy: [],
  };
  repo.issues.push(issue);
  const labels = unique(input.labels).map((name) => ensureLabel(ctx, repo, actor, name));
  issue.labels = labels;
  emitIssueEvent(ctx, repo, issue, actor, "opened");
  // GitHub follows `opened` with one `labeled` event per label set at creation.
  for (const label of labels) emitLabeled(ctx, repo, issue, actor, "labeled", label);
  return issue;
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: "open" | "closed";
  stateReason?: "completed" | "not_planned" | "reopened" | null;
  labels?: string[];
}

export function editIssue(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: UserRecord,
  patch: IssuePatch,
): void {
  assertWritable(repo);
  const changes: Record<string, { from: string | null }> = {};
  if (patch.title !== undefined && patch.title !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = patch.title;
  }
  if (patch.body !== undefined && patch.body !== issue.body) {
    changes.body = { from: issue.body };
    issue.body = patch.body;
  }
  if (Object.keys(changes).length > 0) {
    touch(ctx, issue);
    emitIssueEvent(ctx, repo, issue, actor, "edited", { changes });
  }
  if (patch.state !== undefined)
    setState(ctx, repo, issue, actor, patch.state, patch.stateReason ?? null);
  if (patch.labels !== undefined) setLabels(ctx, repo, issue, actor, patch.labels);
}

export function setState(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: UserRecord,
  state: "open" | "closed",
  reason: "completed" | "not_planned" | "reopened" | null = null,
): void {
  if (state === issue.state) return;
  assertWritable(repo);
  issue.state = state;
  touch(ctx, issue);
  if (state === "closed") {
    issue.closedAt = issue.updatedAt;
    issue.closedBy = actor;
    issue.stateReason = issue.pull ? null : reason === "not_planned" ? "not_planned" : "completed";
    emitIssueEvent(ctx, repo, issue, actor, "closed");
  } else {
    issue.closedAt = null;
    issue.closedBy = null;
    issue.stateReason = issue.pull ? null : "reopened";
    emitIssueEvent(ctx, repo, issue, actor, "reopened");
  }
}

/** Adds labels; only labels the issue did not have produce `labeled` events. */
export function addLabels(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: UserRecord,
  names: string[],
): void {
  assertWritable(repo);
  for (const name of unique(names)) {
    const label = ensureLabel(ctx, repo, actor, name);
    if (issue.labels.includes(label)) continue;
    issue.labels.push(label);
    touch(ctx, issue);
    emitLabeled(ctx, repo, issue, actor, "labeled", label);
  }
}

/** Replaces the label set: `unlabeled` for removed labels, then `labeled` for new ones. */
export function setLabels(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: UserRecord,
  names: string[],
): void {
  assertWritable(repo);
  const wanted = unique(names).map((name) => ensureLabel(ctx, repo, actor, name));
  for (const label of [...issue.labels]) {
    if (!wanted.includes(label)) removeLabel(ctx, repo, issue, actor, label);
  }
  for (const label of wanted) {
    if (issue.labels.includes(label)) continue;
    issue.labels.push(label);
    touch(ctx, issue);
    emitLabeled(ctx, repo, issue, actor, "labeled", label);
  }
}

export function removeLabel(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: UserRecord,
  label: LabelRecord,
): boolean {
  assertWritable(repo);
  if (!issue.labels.includes(label)) return false;
  issue.labels = issue.labels.filter((l) => l !== label);
  touch(ctx, issue);
  emitLabeled(ctx, repo, issue, actor, "unlabeled", label);
  return true;
}

function emitLabeled(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: UserRecord,
  action: "labeled" | "unlabeled",
  label: LabelRecord,
): void {
  emitIssueEvent(ctx, repo, issue, actor, action, { label: renderLabel(repo, label, ctx.urls) });
}

/** Case-insensitive de-duplication, keeping the first spelling. */
function unique(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
