import { gitDirOf, type SimContext } from "./context.js";
import { commitFiles, updateBranch } from "./git-write.js";
import { ZERO_SHA, branches } from "./git.js";
import type { IssueRecord, RepoRecord, UserRecord } from "./model.js";
import { createComment, deleteComment, editComment } from "./ops/comments.js";
import { addLabels, editIssue, openIssue, removeLabel, setState } from "./ops/issues.js";
import { mergePull } from "./ops/pulls.js";
import { afterRefUpdates } from "./ops/push.js";
import { submitReview } from "./ops/reviews.js";
import type { NormalizedEvent } from "./scenario.js";

/** Replays one human action from a scenario through the same operations the REST API uses. */
export async function act(ctx: SimContext, event: NormalizedEvent): Promise<void> {
  const actor = ctx.world.user(event.as);
  if (!actor) throw new Error(`act: unknown user "${event.as}"`);
  const repoOf = (full: string): RepoRecord => {
    const repo = ctx.world.repoByFullName(full);
    if (!repo) throw new Error(`act: unknown repository "${full}"`);
    return repo;
  };
  const issueOf = (repo: RepoRecord, number: number): IssueRecord => {
    const issue = ctx.world.issue(repo, number);
    if (!issue) throw new Error(`act: ${repo.owner.login}/${repo.name} has no issue #${number}`);
    return issue;
  };
  const commentOf = (
    repo: RepoRecord,
    id: number,
  ): { issue: IssueRecord; comment: IssueRecord["comments"][number] } => {
    const found = ctx.world.comment(repo, id);
    if (!found) throw new Error(`act: no comment ${id} in ${repo.owner.login}/${repo.name}`);
    return found;
  };

  if (event.comment) {
    const repo = repoOf(event.comment.repo);
    createComment(ctx, repo, issueOf(repo, event.comment.issue), actor, event.comment.body);
  } else if (event.editComment) {
    const repo = repoOf(event.editComment.repo);
    const { issue, comment } = commentOf(repo, event.editComment.id);
    editComment(ctx, repo, issue, comment, actor, event.editComment.body);
  } else if (event.deleteComment) {
    const repo = repoOf(event.deleteComment.repo);
    const { issue, comment } = commentOf(repo, event.deleteComment.id);
    deleteComment(ctx, repo, issue, comment, actor);
  } else if (event.label) {
    const repo = repoOf(event.label.repo);
    const issue = issueOf(repo, event.label.issue);
    for (const name of event.label.remove) {
      const label = ctx.world.label(repo, name);
      if (label) removeLabel(ctx, repo, issue, actor, label);
    }
    addLabels(ctx, repo, issue, actor, event.label.add);
  } else if (event.editIssue) {
    const { repo: full, issue: number, ...patch } = event.editIssue;
    const repo = repoOf(full);
    editIssue(ctx, repo, issueOf(repo, number), actor, patch);
  } else if (event.openIssue) {
    const { repo: full, ...input } = event.openIssue;
    openIssue(ctx, repoOf(full), actor, input);
  } else if (event.closeIssue) {
    const repo = repoOf(event.closeIssue.repo);
    setState(
      ctx,
      repo,
      issueOf(repo, event.closeIssue.issue),
      actor,
      "closed",
      event.closeIssue.reason,
    );
  } else if (event.reopenIssue) {
    const repo = repoOf(event.reopenIssue.repo);
    setState(ctx, repo, issueOf(repo, event.reopenIssue.issue), actor, "open");
  } else if (event.push) {
    await pushAs(ctx, repoOf(event.push.repo), actor, event.push);
  } else if (event.review) {
    const { repo: full, pull, ...review } = event.review;
    const repo = repoOf(full);
    submitReview(ctx, repo, issueOf(repo, pull), actor, review);
  } else if (event.mergePull) {
    const repo = repoOf(event.mergePull.repo);
    await mergePull(ctx, repo, issueOf(repo, event.mergePull.pull), actor);
  }
}

/** A commit by `actor` on `branch` (branched from the default branch when new), then the push events. */
async function pushAs(
  ctx: SimContext,
  repo: RepoRecord,
  actor: UserRecord,
  push: { branch: string; files: Record<string, string | null>; message: string },
): Promise<void> {
  const gitDir = gitDirOf(ctx.dataDir, repo);
  await ctx.lock.run(repo, async () => {
    const tips = await branches(gitDir);
    const current = tips.get(push.branch);
    const parent = current ?? tips.get(repo.defaultBranch);
    if (!parent)
      throw new Error(`act: ${repo.name} has no branch ${repo.defaultBranch} to branch from`);
    const host = new URL(ctx.urls.web).host;
    const sha = await commitFiles(gitDir, parent, push.files, push.message, {
      name: actor.login,
      email: `${actor.id}+${actor.login}@users.noreply.${host}`,
      date: ctx.world.timestamp(),
    });
    await updateBranch(gitDir, push.branch, sha, current ?? ZERO_SHA);
    await afterRefUpdates(
      ctx,
      repo,
      actor,
      [{ branch: push.branch, before: current ?? ZERO_SHA, after: sha }],
      tips,
    );
  });
}
