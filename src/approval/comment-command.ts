import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort, RepoRole } from "../github/port.js";
import type { CommentSnapshot, IssueSnapshot, Logger, RepoRef } from "../types.js";
import { parseCommands, type CommandName } from "./commands.js";
import { roleAtLeast } from "./roles.js";
import { syncApprovalLabel } from "./sync.js";

export interface CommentCommandInput {
  github: GitHubPort;
  repo: RepoRef;
  issue: IssueSnapshot;
  comment: CommentSnapshot;
  config: RepoConfig;
  roleOf: (login: string) => Promise<RepoRole>;
  logger: Logger;
}

/** The least role each command needs (PRODUCT.md §3). */
const REQUIRED_ROLE: Record<CommandName, RepoRole> = {
  approve: "write",
  "approve-cancel": "write",
  hold: "write",
  unhold: "write",
  retry: "write",
};

const COMMAND_TEXT: Record<CommandName, string> = {
  approve: "/approve",
  "approve-cancel": "/approve cancel",
  hold: "/hold",
  unhold: "/unhold",
  retry: "/retry",
};

/**
 * Acts on the commands in a newly created issue comment. Humans only: the bot's own comments
 * and other bots' never count. A refused command gets a short reply saying why.
 */
export async function handleCommentCommands(input: CommentCommandInput): Promise<CommandName[]> {
  const { github, repo, issue, comment, config } = input;
  if (comment.authorType !== "User") return [];
  const commands = parseCommands(comment.body);
  if (commands.length === 0) return [];
  const role = await input.roleOf(comment.author);
  const accepted: CommandName[] = [];
  for (const { name } of commands) {
    const required = REQUIRED_ROLE[name];
    if (!roleAtLeast(role, required)) {
      await github.createComment(
        repo,
        issue.number,
        `@${comment.author} \`${COMMAND_TEXT[name]}\` needs ${required} access to this repository; yours is ${role}. Nothing was changed.`,
      );
      input.logger.info({ command: name, user: comment.author, role }, "command refused");
      continue;
    }
    accepted.push(name);
  }
  if (accepted.length === 0) return accepted;
  await github.addReaction(repo, comment.id, "+1");
  if (accepted.includes("retry"))
    await github.removeLabel(repo, issue.number, config.labels.failed);
  if (accepted.some((name) => name === "approve" || name === "approve-cancel")) {
    await syncApprovalLabel({ github, repo, issue, config, roleOf: input.roleOf });
  }
  input.logger.info({ commands: accepted, user: comment.author }, "commands accepted");
  return accepted;
}
