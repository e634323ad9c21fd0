import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort, RepoRole } from "../github/port.js";
import { newlyTicked, untick } from "./ticks.js";
import type { IssueSnapshot, Logger, RepoRef } from "../types.js";
import { commandVerdict, type Commander } from "./permissions.js";
import { syncIssueStatus } from "./sync.js";
import { issueTextHash } from "./text-hash.js";

export interface DashboardTickInput {
  github: GitHubPort;
  repo: RepoRef;
  /** The report issue whose body was edited. */
  reportIssue: number;
  /** The body before and after the edit (the webhook's `changes.body.from` and `issue.body`). */
  before: string;
  after: string;
  editor: Pick<Commander, "login" | "type">;
  /** When the edit was made (the report issue's `updated_at`). */
  at: string;
  /** An open issue as it reads now, or null when it is closed or gone. */
  readIssue: (issue: number) => Promise<IssueSnapshot | null>;
  config: RepoConfig;
  roleOf: (login: string) => Promise<RepoRole>;
  botLogin: string | undefined;
  logger: Logger;
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
  const who: Commander = { ...editor, role: await input.roleOf(editor.login) };
  const verdict = commandVerdict("approve", who, input.config.approvals.approvers);
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
    await syncIssueStatus({
      ...input,
      issue,
      record: {
        approvedHash: issueTextHash(issue),
        approvedBy: editor.login,
        approvedVia: "dashboard",
        approvedAt: input.at,
      },
      notice: `☑️ @${editor.login} approved this issue by ticking its box on the Nightshift dashboard (#${input.reportIssue}).`,
    });
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
