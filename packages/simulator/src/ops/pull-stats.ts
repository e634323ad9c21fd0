import { gitDirOf, type SimContext } from "../context.js";
import { commitsBetween, diffStats } from "../git.js";
import type { PullRecord, RepoRecord } from "../model.js";

/** Recomputes the counters GitHub shows on a pull request (commits, additions, files). */
export async function refreshPullStats(
  ctx: SimContext,
  repo: RepoRecord,
  pull: PullRecord,
): Promise<void> {
  const gitDir = gitDirOf(ctx.dataDir, repo);
  const [commits, stats] = await Promise.all([
    commitsBetween(gitDir, pull.baseSha, pull.headSha),
    diffStats(gitDir, pull.baseSha, pull.headSha),
  ]);
  pull.commits = commits.length;
  pull.additions = stats.additions;
  pull.deletions = stats.deletions;
  pull.changedFiles = stats.changedFiles;
}
