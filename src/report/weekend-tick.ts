import { commandVerdict, type Commander } from "../approval/permissions.js";
import { syncIssueStatus } from "../approval/sync.js";
import { issueTextHash } from "../approval/text-hash.js";
import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort, RepoRole } from "../github/port.js";
import type { IssueSnapshot, Logger, RepoRef } from "../types.js";
import { newlyTickedWeekend, tickApproves, untickWeekend } from "./weekend-comment.js";

export interface WeekendTickInput {
  github: GitHubPort;
  repo: RepoRef;
  reportIssue: number;
  /** The weekend list comment and its body before and after the edit. */
  commentId: number;
  before: string;
  after: string;
  editor: Pick<Commander, "login" | "type">;
  at: string;
  readIssue: (issue: number) => Promise<IssueSnapshot | null>;
  config: RepoConfig;
  roleOf: (login: string) => Promise<RepoRole>;
  botLogin: string | undefined;
  logger: Logger;
}

/**
 * Someone edited the weekend list. A tick is kept only from someone who may `/approve` (the
 * dashboard's rule); a candidate that waits for approval is approved by it. A tick by anyone
 * else is undone, with one reply saying why. The ticks left in the list are the weekend's picks.
 */
export async function handleWeekendTick(input: WeekendTickInput): Promise<number[]> {
  const { editor, github, repo } = input;
  const ticked = newlyTickedWeekend(input.before, input.after);
  if (ticked.length === 0) return [];
  const who: Commander = { ...editor, role: await input.roleOf(editor.login) };
  const verdict = commandVerdict("approve", who, input.config.approvals.approvers);
  if (!verdict.allowed) {
    await github.updateComment(repo, input.commentId, untickWeekend(input.after, ticked));
    const list = ticked.map((n) => `#${String(n)}`).join(", ");
    await github.createComment(
      repo,
      input.reportIssue,
      `@${editor.login} your weekend tick on ${list} was undone: only people who may \`/approve\` pick the weekend's work.`,
    );
    input.logger.info({ user: editor.login, ticked }, "weekend tick refused");
    return [];
  }
  for (const number of ticked.filter((n) => tickApproves(input.after, n))) {
    const issue = await input.readIssue(number);
    if (!issue) continue;
    await syncIssueStatus({
      ...input,
      issue,
      record: {
        approvedHash: issueTextHash(issue),
        approvedBy: editor.login,
        approvedVia: "dashboard",
        approvedAt: input.at,
      },
      notice: `☑️ @${editor.login} approved this issue by ticking it for the weekend (#${String(input.reportIssue)}).`,
    });
  }
  input.logger.info({ user: editor.login, ticked }, "weekend ticks");
  return ticked;
}
