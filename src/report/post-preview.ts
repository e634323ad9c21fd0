import { RepoConfigSchema } from "../config/repo-schema.js";
import type { SessionPlan } from "../night/plan.js";
import { withRetry } from "../night/retry.js";
import type { Logger } from "../types.js";
import { ensureReportIssue } from "./post.js";
import { renderPreview } from "./preview.js";
import { marker, upsertComment } from "./upsert.js";

/** Posts (or refreshes) each repository's evening preview on its report issue. */
export async function postPreviews(
  plan: SessionPlan,
  previewKey: string,
  opensAt: Date,
  logger: Logger,
  notice?: string,
): Promise<void> {
  for (const repoPlan of plan.repos) {
    if (repoPlan.info?.archived || !repoPlan.config?.enabled) continue;
    const mine = plan.picked.filter((pick) => pick.plan === repoPlan);
    if (mine.length + repoPlan.skipped.length === 0) continue;
    const { github, ref } = repoPlan.target;
    const config = repoPlan.config ?? RepoConfigSchema.parse({});
    try {
      await withRetry(async () => {
        const issue = await ensureReportIssue(github, ref, config);
        await upsertComment(
          github,
          ref,
          issue.number,
          marker("preview", previewKey),
          renderPreview(repoPlan, plan.picked, opensAt, notice),
        );
      });
    } catch (error) {
      logger.error({ err: error, repo: ref }, "posting the preview failed");
    }
  }
}
