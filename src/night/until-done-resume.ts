import { mayApprove } from "../approval/permissions.js";
import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort } from "../github/port.js";
import { asksToResume, type UntilDoneSet } from "../learn/until-done-target.js";
import type { CommentSnapshot, Logger, RepoRef } from "../types.js";
import { roleLookup } from "./roles.js";

/** What the report issue's resume commands came to: the accepted one's time, the newest seen. */
export interface ResumeFound {
  resumedAt?: Date;
  seenAt: Date;
}

/**
 * A paused target's `/nightshift resume <name>` on the report issue, written after `since`
 * (its last failure, and any command handled before). Checked like `/approve`: write access or
 * a configured approver; bots never command, and an edited comment commands nothing. The first
 * allowed one resumes (👍); each refused one gets 👎, once (its time is remembered). With
 * `react: false` (the evening preview) it only reads: no reaction is added.
 */
export async function findResume(
  github: GitHubPort,
  ref: RepoRef,
  config: Pick<RepoConfig, "approvals">,
  report: { number: number; comments: readonly CommentSnapshot[] },
  set: UntilDoneSet,
  since: Date,
  logger: Logger,
  options: { react: boolean } = { react: true },
): Promise<ResumeFound | null> {
  const asks = report.comments.filter(
    (comment) =>
      comment.authorType === "User" &&
      Date.parse(comment.createdAt) > since.getTime() &&
      (comment.updatedAt === undefined || comment.updatedAt === comment.createdAt) &&
      asksToResume(comment.body, set),
  );
  if (asks.length === 0) return null;
  const roleOf = roleLookup(github, ref, logger);
  let seenAt = since;
  for (const comment of asks) {
    seenAt = new Date(comment.createdAt);
    const who = {
      login: comment.author,
      type: comment.authorType,
      role: await roleOf(comment.author),
    };
    if (mayApprove(who, config.approvals.approvers)) {
      if (options.react) await github.addReaction(ref, comment.id, "+1");
      logger.info({ login: comment.author }, "until-done target resumed");
      return { resumedAt: seenAt, seenAt };
    }
    if (options.react) await github.addReaction(ref, comment.id, "-1");
    logger.info({ login: comment.author, role: who.role }, "until-done resume refused");
  }
  return { seenAt };
}
