import { commandVerdict } from "../approval/permissions.js";
import type { RepoConfig } from "../config/repo-schema.js";
import type { RepoRole, CommentsPort, LabelsPort, ReviewsPort } from "../github/port.js";
import type { CommentSnapshot, Logger, RepoRef } from "../types.js";
import { describeNotFollowable, followable } from "./nightshift-pull.js";

/**
 * What asked for a follow-up: a review that requests changes, or `/nightshift fix` in the pull
 * request's conversation (a comment that can take a reaction) or in an inline review comment.
 */
export type FollowUpTrigger =
  | { kind: "changes-requested" }
  | { kind: "command"; commentId: number }
  | { kind: "review-comment-command" };

export interface FollowUpRequest {
  github: CommentsPort & LabelsPort & ReviewsPort;
  repo: RepoRef;
  config: Pick<RepoConfig, "labels" | "approvals">;
  pull: number;
  requester: { login: string; type: CommentSnapshot["authorType"] };
  trigger: FollowUpTrigger;
  roleOf: (login: string) => Promise<RepoRole>;
  botLogin: string | undefined;
  logger: Logger;
}

/** What came of a request, as data. */
export type FollowUpResult =
  | { kind: "queued"; issue: number }
  | { kind: "refused"; reason: string }
  | { kind: "ignored"; reason: string };

const ACK =
  "🌙 Nightshift will push a follow-up commit to this pull request in the next window; the agent reads the reviews and comments of people with write access.";

/**
 * Records a follow-up request on the issue (the `followUp` label, which planning reads and the
 * run's collect takes off), after checking the pull request is an open Nightshift one and the
 * requester has write access (the same rule as `/retry`). A command is answered as commands
 * are: 👍, or one reply saying why nothing was changed. A review is not a command: an
 * outsider's is ignored without a word.
 */
export async function requestFollowUp(input: FollowUpRequest): Promise<FollowUpResult> {
  const { github, repo, requester, trigger, logger } = input;
  const isCommand = trigger.kind !== "changes-requested";
  const refuse = async (reason: string): Promise<FollowUpResult> => {
    if (!isCommand) {
      logger.info({ user: requester.login, pull: input.pull, reason }, "review not followed up");
      return { kind: "ignored", reason };
    }
    await github.createComment(
      repo,
      input.pull,
      `@${requester.login} ${reason}. Nothing was changed.`,
    );
    logger.info({ user: requester.login, pull: input.pull, reason }, "follow-up refused");
    return { kind: "refused", reason };
  };
  if (requester.type !== "User") return { kind: "ignored", reason: "bots never ask" };
  const role = await input.roleOf(requester.login);
  const verdict = commandVerdict("fix", { ...requester, role }, input.config.approvals.approvers);
  if (!verdict.allowed) return refuse(verdict.reason);
  const target = followable(await github.getPull(repo, input.pull), repo, input.botLogin);
  if (!target.ok) return refuse(describeNotFollowable(target.why));
  await github.addLabels(repo, target.issue, [input.config.labels.followUp]);
  if (trigger.kind === "command") await github.addReaction(repo, trigger.commentId, "+1");
  else await github.createComment(repo, input.pull, ACK);
  logger.info({ user: requester.login, pull: input.pull, issue: target.issue }, "follow-up queued");
  return { kind: "queued", issue: target.issue };
}
