import { handleDashboardTick } from "../approval/dashboard-tick.js";
import type { AdoptedRepeat } from "../learn/adopted-repeat.js";
import type { EditPayload, IssueEventContext } from "./issue-event.js";
import type { RepoContext } from "./repo-context.js";

/** Where adopted repeat suggestions are kept: the journal's repeats (store/repeat-log.ts). */
export interface RepeatAdoptions {
  adopt(repo: string, series: string, by: string, at: Date): AdoptedRepeat | null;
}

/** Is this the repository's report issue (the one holding the dashboard)? */
export const isReportIssue = (
  issue: { labels?: ReadonlyArray<{ name?: string } | string> },
  config: RepoContext["config"],
): boolean =>
  (issue.labels ?? []).some(
    (label) => (typeof label === "string" ? label : label.name) === config.labels.report,
  );

/**
 * The report issue's body was edited: act on ticked dashboard boxes (approvals, and repeat
 * suggestions adopted into `repeats`); the bot's own edits are its writes.
 */
export async function onReportIssueEdited(
  context: IssueEventContext<EditPayload>,
  repo: RepoContext,
  repeats?: RepeatAdoptions,
): Promise<void> {
  const { issue, sender, changes } = context.payload;
  if (sender.login === repo.botLogin || changes.body === undefined) return;
  await handleDashboardTick({
    ...repo,
    reportIssue: issue.number,
    before: changes.body.from,
    after: issue.body ?? "",
    editor: { login: sender.login, type: sender.type === "User" ? "User" : "Bot" },
    at: issue.updated_at,
    readIssue: async (number) => {
      const { issue, isPullRequest } = await repo.github.getIssue(repo.repo, number);
      return issue.state === "open" && !isPullRequest ? issue : null;
    },
    logger: context.log,
    ...(repeats
      ? {
          adoptRepeat: (series: string, by: string, at: Date) =>
            repeats.adopt(`${repo.repo.owner}/${repo.repo.repo}`, series, by, at),
        }
      : {}),
  });
}
