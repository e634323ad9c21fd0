import type { RepoConfig } from "../config/repo-schema.js";
import type { RepoRole, CommentsPort, LabelsPort } from "../github/port.js";
import type { CommentSnapshot, IssueSnapshot, Logger, RepoRef } from "../types.js";
import { issueCommands, type CommandName } from "./commands.js";
import { commandVerdict } from "./permissions.js";
import type { StatusRecord } from "./status-comment.js";
import { syncIssueStatus } from "./sync.js";
import { issueTextHash } from "./text-hash.js";

export interface CommentCommandInput {
  github: CommentsPort & LabelsPort;
  repo: RepoRef;
  /** The issue as re-read from the API. */
  issue: IssueSnapshot;
  /** The title and body as they were when the comment was written (the webhook's copy). */
  textSeen: Pick<IssueSnapshot, "title" | "body">;
  comment: CommentSnapshot;
  config: RepoConfig;
  roleOf: (login: string) => Promise<RepoRole>;
  botLogin: string | undefined;
  logger: Logger;
  /** Renders this repository's plan for `/nightshift plan`; absent when planning is not wired. */
  renderPlan?: () => Promise<string>;
  /**
   * Cancels the issue's run dispatched to GitHub Actions, if one is in flight, and says what it
   * did (or null when there was none); absent when the Actions backend is not wired.
   */
  cancelDispatched?: () => Promise<string | null>;
}

/** The commands that stop a run already dispatched to GitHub Actions. */
const STOPPING: ReadonlySet<CommandName> = new Set(["skip", "hold"]);

const STATE_COMMANDS: ReadonlySet<CommandName> = new Set([
  "approve",
  "approve-cancel",
  "hold",
  "unhold",
  "skip",
]);

/** The approval record the accepted commands leave behind (the last approve/cancel wins). */
function recordAfter(
  accepted: readonly CommandName[],
  input: CommentCommandInput,
): StatusRecord | undefined {
  const last = accepted.filter((n) => n === "approve" || n === "approve-cancel").at(-1);
  if (last === "approve-cancel") return { approvedHash: null };
  if (last === "approve")
    return { approvedHash: issueTextHash(input.textSeen), approvedBy: input.comment.author };
  return undefined;
}

/**
 * Acts on the commands in a newly created issue comment. People only: the bot's own comments
 * and other bots' never count. Accepted commands get a 👍 reaction; refused ones one short
 * reply saying why.
 */
export async function handleCommentCommands(input: CommentCommandInput): Promise<CommandName[]> {
  const { github, repo, issue, comment, config } = input;
  if (comment.authorType !== "User") return [];
  const commands = issueCommands(comment.body);
  if (commands.length === 0) return [];
  const who = {
    login: comment.author,
    type: comment.authorType,
    role: await input.roleOf(comment.author),
  };
  const accepted: CommandName[] = [];
  const refusals: string[] = [];
  for (const { name } of commands) {
    const verdict = commandVerdict(name, who, config.approvals.approvers);
    if (verdict.allowed) accepted.push(name);
    else refusals.push(verdict.reason);
  }
  if (refusals.length > 0) {
    await github.createComment(
      repo,
      issue.number,
      `@${comment.author} ${[...new Set(refusals)].join("; ")}. Nothing was changed.`,
    );
    input.logger.info({ user: comment.author, role: who.role, refusals }, "commands refused");
  }
  if (accepted.length === 0) return accepted;
  await github.addReaction(repo, comment.id, "+1");
  if (accepted.includes("retry"))
    await github.removeLabel(repo, issue.number, config.labels.failed);
  if (accepted.some((name) => STATE_COMMANDS.has(name))) {
    const record = recordAfter(accepted, input);
    await syncIssueStatus({ ...input, ...(record ? { record } : {}) });
  }
  if (input.cancelDispatched && accepted.some((name) => STOPPING.has(name))) {
    const said = await input.cancelDispatched();
    if (said !== null) await github.createComment(repo, issue.number, `@${comment.author} ${said}`);
  }
  if (accepted.includes("plan")) {
    const text = input.renderPlan
      ? await input.renderPlan()
      : "Planning is not available on this Nightshift host.";
    await github.createComment(repo, issue.number, `@${comment.author} ${text}`);
  }
  input.logger.info({ commands: accepted, user: comment.author }, "commands accepted");
  return accepted;
}
