import { RepoConfigSchema } from "../config/repo-schema.js";
import type { SessionPlan } from "../queue/plan-types.js";
import type { Journal } from "../store/journal.js";
import { repoFullName, type Clock, type Logger } from "../types.js";
import { retryUntil } from "./deadline-retry.js";
import { lostNotes } from "./lost-notes.js";
import { ensureReportIssue } from "./post.js";
import { renderPreview } from "./preview.js";
import { marker, upsertComment } from "./upsert.js";

export interface PreviewPostDeps {
  logger: Logger;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Where a preview that could not be posted is recorded, to be mentioned next time. */
  journal?: Journal;
}

/**
 * Posts (or refreshes) each repository's evening preview on its report issue, trying again
 * with backoff until the window opens; one still refused then is recorded as lost, and the
 * next comment that gets through on that report issue says so.
 */
export async function postPreviews(
  plan: SessionPlan,
  previewKey: string,
  opensAt: Date,
  deps: PreviewPostDeps,
  notice?: string,
): Promise<void> {
  const { journal, clock } = deps;
  for (const repoPlan of plan.repos) {
    if (repoPlan.info?.archived || !repoPlan.config?.enabled) continue;
    const mine = plan.picked.filter((pick) => pick.plan === repoPlan);
    if (mine.length + repoPlan.skipped.length === 0) continue;
    const { github, ref } = repoPlan.target;
    const name = repoFullName(ref);
    const config = repoPlan.config ?? RepoConfigSchema.parse({});
    const lost = journal?.posts.lostUnmentioned(name) ?? [];
    const body = [...lostNotes(lost), renderPreview(repoPlan, plan, opensAt, notice)];
    try {
      await retryUntil(
        async () => {
          const issue = await ensureReportIssue(github, ref, config);
          await upsertComment(
            github,
            ref,
            issue.number,
            marker("preview", previewKey),
            body.join("\n"),
          );
        },
        { clock, sleep: deps.sleep, random: deps.random, until: opensAt },
      );
      journal?.posts.mark(previewKey, name, "preview", "posted", clock.now());
      journal?.posts.markMentioned(name, lost);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      journal?.posts.mark(previewKey, name, "preview", "lost", clock.now(), message);
      deps.logger.error({ err: error, repo: ref }, "posting the preview failed");
    }
  }
}
