import { approveByTick, tickVerdict, type TickContext } from "../approval/tick-approval.js";
import type { IssueSnapshot } from "../types.js";
import { newlyTickedWeekend, tickApproves, untickWeekend } from "./weekend-comment.js";

export interface WeekendTickInput extends TickContext {
  reportIssue: number;
  /** The weekend list comment and its body before and after the edit. */
  commentId: number;
  before: string;
  after: string;
  readIssue: (issue: number) => Promise<IssueSnapshot | null>;
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
  const { verdict } = await tickVerdict(input);
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
    await approveByTick(
      input,
      issue,
      `☑️ @${editor.login} approved this issue by ticking it for the weekend (#${String(input.reportIssue)}).`,
    );
  }
  input.logger.info({ user: editor.login, ticked }, "weekend ticks");
  return ticked;
}
