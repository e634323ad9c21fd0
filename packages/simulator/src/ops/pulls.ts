import { gitDirOf, type SimContext } from "../context.js";
import { emitIssueEvent } from "../events.js";
import { HttpError, validationFailed } from "../errors.js";
import { mergeCommit, updateBranch } from "../git-write.js";
import { branches, revParse } from "../git.js";
import type { IssueRecord, PullRecord, RepoRecord, UserRecord } from "../model.js";
import { assertWritable, byApp, touch } from "./common.js";
import { setState } from "./issues.js";
import { refreshPullStats } from "./pull-stats.js";
import { afterRefUpdates } from "./push.js";

/** Pull requests: creation with GitHub's validation answers, edits, closing and merging. */

const DOCS_CREATE = "https://docs.github.com/rest/pulls/pulls#create-a-pull-request";

const pullError = (error: Record<string, unknown>): HttpError =>
  validationFailed([{ resource: "PullRequest", ...error }], DOCS_CREATE);

export interface NewPull {
  title?: string;
  body?: string;
  head: string;
  base: string;
  draft?: boolean;
}

/** `head` is `branch` or `owner:branch`; only branches of the repository itself are supported. */
function headBranch(repo: RepoRecord, head: string): string | null {
  const colon = head.indexOf(":");
  if (colon < 0) return head;
  return head.slice(0, colon).toLowerCase() === repo.owner.login.toLowerCase()
    ? head.slice(colon + 1)
    : null;
}

function assertNoOpenPull(repo: RepoRecord, branch: string, base: string): void {
  const duplicate = repo.issues.some(
    (i) => i.state === "open" && i.pull?.headRef === branch && i.pull.baseRef === base,
  );
  if (duplicate) {
    throw pullError({
      code: "custom",
      message: `A pull request already exists for ${repo.owner.login}:${branch}.`,
    });
  }
}

export async function createPull(
  ctx: SimContext,
  repo: RepoRecord,
  actor: UserRecord,
  input: NewPull,
): Promise<IssueRecord> {
  assertWritable(repo);
  const gitDir = gitDirOf(ctx.dataDir, repo);
  const branch = headBranch(repo, input.head);
  const headSha = branch === null ? null : await revParse(gitDir, `refs/heads/${branch}`);
  if (branch === null || headSha === null) throw pullError({ field: "head", code: "invalid" });
  const baseSha = await revParse(gitDir, `refs/heads/${input.base}`);
  if (baseSha === null) throw pullError({ field: "base", code: "invalid" });
  if (!input.title) throw pullError({ field: "title", code: "missing_field" });
  assertNoOpenPull(repo, branch, input.base);
  const pull: PullRecord = {
    id: ctx.world.nextId("pull"),
    headRef: branch,
    headSha,
    baseRef: input.base,
    baseSha,
    draft: input.draft ?? false,
    merged: false,
    mergedAt: null,
    mergeCommitSha: null,
    mergedBy: null,
    commits: 0,
    additions: 0,
    deletions: 0,
    changedFiles: 0,
    reviews: [],
    reviewComments: [],
  };
  await refreshPullStats(ctx, repo, pull);
  // Checked again after the awaits: two concurrent requests must not both succeed.
  assertNoOpenPull(repo, branch, input.base);
  if (pull.commits === 0) {
    throw pullError({ code: "custom", message: `No commits between ${input.base} and ${branch}` });
  }
  const now = ctx.world.timestamp();
  const issue: IssueRecord = {
    id: ctx.world.nextId("issue"),
    number: repo.issues.length + 1,
    title: input.title,
    body: input.body ?? null,
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
    pull,
    blockedBy: [],
  };
  repo.issues.push(issue);
  emitIssueEvent(ctx, repo, issue, actor, "opened");
  return issue;
}

export interface PullPatch {
  title?: string;
  body?: string;
  state?: "open" | "closed";
  base?: string;
}

export async function updatePull(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: UserRecord,
  patch: PullPatch,
): Promise<void> {
  assertWritable(repo);
  const pull = issue.pull;
  if (!pull) throw new HttpError(404, "Not Found");
  const changes: Record<string, unknown> = {};
  if (patch.base !== undefined && patch.base !== pull.baseRef) {
    const baseSha = await revParse(gitDirOf(ctx.dataDir, repo), `refs/heads/${patch.base}`);
    if (baseSha === null) {
      throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
    }
    changes.base = { ref: { from: pull.baseRef }, sha: { from: pull.baseSha } };
    pull.baseRef = patch.base;
    pull.baseSha = baseSha;
    await refreshPullStats(ctx, repo, pull);
  }
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
  if (patch.state !== undefined) {
    if (patch.state === "open" && pull.merged) {
      throw validationFailed([
        {
          resource: "PullRequest",
          code: "custom",
          message: "state cannot be changed. The pull request has been merged.",
        },
      ]);
    }
    setState(ctx, repo, issue, actor, patch.state);
  }
}

/** Merges with a merge commit (GitHub's default), then announces the push and the closing. */
export async function mergePull(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: UserRecord,
): Promise<string> {
  assertWritable(repo);
  const pull = issue.pull;
  if (!pull || issue.state !== "open") throw new HttpError(405, "Pull Request is not mergeable");
  const gitDir = gitDirOf(ctx.dataDir, repo);
  return await ctx.lock.run(repo, async () => {
    const tipsBefore = await branches(gitDir);
    const base = tipsBefore.get(pull.baseRef);
    if (!base)
      throw new HttpError(405, "Base branch was modified. Review and try the merge again.");
    const identity = {
      name: actor.login,
      email: `${actor.id}+${actor.login}@users.noreply.${new URL(ctx.urls.web).host}`,
      date: ctx.world.timestamp(),
    };
    const message = `Merge pull request #${issue.number} from ${repo.owner.login}/${pull.headRef}\n\n${issue.title}`;
    const sha = await mergeCommit(gitDir, base, pull.headSha, message, identity);
    if (!sha) throw new HttpError(405, "Pull Request is not mergeable");
    await updateBranch(gitDir, pull.baseRef, sha, base);
    pull.merged = true;
    pull.mergedAt = identity.date;
    pull.mergeCommitSha = sha;
    pull.mergedBy = actor;
    // Closed first, so the base-branch update below leaves this (now closed) PR's counters alone.
    setState(ctx, repo, issue, actor, "closed");
    await afterRefUpdates(
      ctx,
      repo,
      actor,
      [{ branch: pull.baseRef, before: base, after: sha }],
      tipsBefore,
    );
    return sha;
  });
}
