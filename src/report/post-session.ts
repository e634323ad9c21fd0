import { RepoConfigSchema } from "../config/repo-schema.js";
import type { SessionOutcome } from "../night/outcome.js";
import type { SessionPlan } from "../night/plan.js";
import { withRetry } from "../night/retry.js";
import type { Logger } from "../types.js";
import { ensureReportIssue, postMorningReport } from "./post.js";
import { postDashboard } from "./post-dashboard.js";
import { renderProgress } from "./progress.js";
import { marker, upsertComment } from "./upsert.js";

/**
 * Each repository's report about its own issues: the morning report, or the progress comment
 * edited in place. Repositories with nothing to say, and archived ones, get nothing. One
 * repository's failure to post does not keep the others from theirs.
 */
export async function postSessionReports(
  plan: SessionPlan,
  outcome: SessionOutcome,
  options: { kind: "morning" | "progress"; logger: Logger },
): Promise<void> {
  for (const repoPlan of plan.repos) {
    const night = outcome.repos.find((repo) => repo.repo === repoPlan.target.ref);
    if (!night || repoPlan.info?.archived) continue;
    if (night.runs.length + night.skipped.length + night.problems.length === 0) continue;
    const { github } = repoPlan.target;
    try {
      if (options.kind === "morning") {
        await withRetry(() => postMorningReport(github, night, outcome, repoPlan.config));
      } else {
        await withRetry(async () => {
          const config = repoPlan.config ?? RepoConfigSchema.parse({});
          const issue = await ensureReportIssue(github, night.repo, config);
          await upsertComment(
            github,
            night.repo,
            issue.number,
            marker("progress", outcome.sessionId),
            renderProgress(night, outcome, new Date(outcome.finishedAt)),
          );
        });
      }
      const config = repoPlan.config ?? RepoConfigSchema.parse({});
      const now = new Date(outcome.finishedAt);
      await withRetry(() => postDashboard(github, night, repoPlan, config, now));
    } catch (error) {
      options.logger.error({ err: error, repo: night.repo }, "posting the report failed");
    }
  }
}
