import type { IssueSnapshot } from "../types.js";
import { approveByTick, tickVerdict, type TickContext } from "./tick-approval.js";
import { newlyTicked, untick } from "./ticks.js";

export interface DashboardTickInput extends TickContext {
  /** The report issue whose body was edited. */
  reportIssue: number;
  /** The body before and after the edit (the webhook's `changes.body.from` and `issue.body`). */
  before: string;
  after: string;
  /** An open issue as it reads now, or null when it is closed or gone. */
  readIssue: (issue: number) => Promise<IssueSnapshot | null>;
}

export interface TickResult {
  approved: number[];
  refused: number[];
}

/**
 * Someone edited the report issue. Each box they ticked is an `/approve` of that issue as it
 * reads now, by them, under the same rule: approved ones are recorded in the issue's status
 * comment; a tick they may not make is undone, with one reply saying why.
 */
export async function handleDashboardTick(input: DashboardTickInput): Promise<TickResult> {
  const { editor } = input;
  const ticked = newlyTicked(input.before, input.after);
  if (ticked.length === 0) return { approved: [], refused: [] };
  const { who, verdict } = await tickVerdict(input);
  if (!verdict.allowed) {
    const why = verdict.reason.startsWith("`/approve` ")
      ? `ticking a box is \`/approve\`, which ${verdict.reason.slice("`/approve` ".length)}`
      : verdict.reason;
    await refuse(input, ticked, why);
    input.logger.info({ user: editor.login, role: who.role, ticked }, "dashboard tick refused");
    return { approved: [], refused: ticked };
  }
  const approved: number[] = [];
  const gone: number[] = [];
  for (const number of ticked) {
    const issue = await input.readIssue(number);
    if (!issue) {
      gone.push(number);
      continue;
    }
    await approveByTick(
      input,
      issue,
      `☑️ @${editor.login} approved this issue by ticking its box on the Nightshift dashboard (#${input.reportIssue}).`,
    );
    approved.push(number);
  }
  if (gone.length > 0) await refuse(input, gone, "those issues are closed or gone");
  input.logger.info({ user: editor.login, approved, gone }, "dashboard ticks");
  return { approved, refused: gone };
}

/** Unticks the boxes again and tells the editor why, once. */
async function refuse(input: DashboardTickInput, issues: number[], why: string): Promise<void> {
  const { github, repo, reportIssue } = input;
  await github.updateIssueBody(repo, reportIssue, untick(input.after, issues));
  const list = issues.map((n) => `#${n}`).join(", ");
  await github.createComment(
    repo,
    reportIssue,
    `@${input.editor.login} your tick on ${list} was undone: ${why}. Nothing was approved.`,
  );
}
