import { gitDirOf, type SimContext } from "../context.js";
import { emit, emitIssueEvent } from "../events.js";
import {
  ZERO_SHA,
  commitChanges,
  commitInfo,
  commitsBetween,
  isAncestor,
  newCommits,
} from "../git.js";
import { fullName, type RepoRecord, type UserRecord } from "../model.js";
import type { Json } from "../render.js";
import { touch } from "./common.js";
import { refreshPullStats } from "./pull-stats.js";

/** What happens after refs move (a git push, a merge): `push` webhooks and PR synchronisation. */

export interface RefUpdate {
  branch: string;
  before: string;
  after: string;
}

/** GitHub lists at most 20 commits in a push payload. */
const MAX_COMMITS = 20;

async function commitJson(ctx: SimContext, repo: RepoRecord, sha: string): Promise<Json> {
  const gitDir = gitDirOf(ctx.dataDir, repo);
  const [info, changes] = await Promise.all([commitInfo(gitDir, sha), commitChanges(gitDir, sha)]);
  const person = (name: string, email: string): Json => {
    const user = ctx.world.user(name);
    return user ? { name, email, username: user.login } : { name, email };
  };
  return {
    id: info.sha,
    tree_id: info.tree,
    distinct: true,
    message: info.message,
    timestamp: info.authorDate,
    url: `${ctx.urls.web}/${fullName(repo)}/commit/${info.sha}`,
    author: person(info.authorName, info.authorEmail),
    committer: person(info.committerName, info.committerEmail),
    ...changes,
  };
}

async function pushPayload(
  ctx: SimContext,
  repo: RepoRecord,
  pusher: UserRecord,
  update: RefUpdate,
  otherTips: string[],
): Promise<Json> {
  const gitDir = gitDirOf(ctx.dataDir, repo);
  const created = update.before === ZERO_SHA;
  const deleted = update.after === ZERO_SHA;
  let shas: string[] = [];
  if (!deleted) {
    shas = created
      ? await newCommits(gitDir, update.after, otherTips, MAX_COMMITS)
      : (await commitsBetween(gitDir, update.before, update.after)).slice(-MAX_COMMITS);
  }
  const commits = await Promise.all(shas.map((sha) => commitJson(ctx, repo, sha)));
  const forced = !created && !deleted && !(await isAncestor(gitDir, update.before, update.after));
  const host = new URL(ctx.urls.web).host;
  const compare = created
    ? `${ctx.urls.web}/${fullName(repo)}/commit/${update.after.slice(0, 12)}`
    : `${ctx.urls.web}/${fullName(repo)}/compare/${update.before.slice(0, 12)}...${update.after.slice(0, 12)}`;
  return {
    ref: `refs/heads/${update.branch}`,
    before: update.before,
    after: update.after,
    pusher: { name: pusher.login, email: `${pusher.id}+${pusher.login}@users.noreply.${host}` },
    created,
    deleted,
    forced,
    base_ref: null,
    compare,
    commits,
    head_commit: deleted ? null : (commits.at(-1) ?? (await commitJson(ctx, repo, update.after))),
  };
}

/** Announces ref updates and moves the heads of open pull requests along with their branches. */
export async function afterRefUpdates(
  ctx: SimContext,
  repo: RepoRecord,
  pusher: UserRecord,
  updates: RefUpdate[],
  tipsBefore: Map<string, string>,
): Promise<void> {
  if (updates.length === 0) return;
  repo.pushedAt = ctx.world.timestamp();
  for (const update of updates) {
    const otherTips = [...tipsBefore]
      .filter(([branch]) => branch !== update.branch)
      .map(([, sha]) => sha);
    emit(ctx, "push", repo, pusher, await pushPayload(ctx, repo, pusher, update, otherTips));
  }
  for (const update of updates) {
    if (update.after === ZERO_SHA) continue;
    for (const issue of repo.issues) {
      const pull = issue.pull;
      if (!pull || issue.state !== "open") continue;
      if (pull.baseRef === update.branch) {
        pull.baseSha = update.after;
        await refreshPullStats(ctx, repo, pull);
      }
      if (pull.headRef === update.branch && pull.headSha !== update.after) {
        const before = pull.headSha;
        pull.headSha = update.after;
        await refreshPullStats(ctx, repo, pull);
        touch(ctx, issue);
        emitIssueEvent(ctx, repo, issue, pusher, "synchronize", { before, after: update.after });
      }
    }
  }
}
