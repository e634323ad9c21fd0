import { RepoConfigSchema, type RepoConfig } from "../config/repo-schema.js";
import type { IssueRef, CommentsPort, IssuesPort } from "../github/port.js";
import type { RepoNight, SessionOutcome } from "./outcome.js";
import type { RepoRef } from "../types.js";
import { renderMorningReport } from "./morning.js";
import { renderProgressFinal } from "./progress.js";
import { findMarked, marker, upsertAmong } from "./upsert.js";

const REPORT_ISSUE_BODY =
  "Nightshift posts its evening previews and morning reports as comments on this issue. " +
  "Keep it open; closing it makes Nightshift open a new one.";

/** The repository's open report issue, created (and labelled) on first need. */
export async function ensureReportIssue(
  github: IssuesPort,
  repo: RepoRef,
  config: Pick<RepoConfig, "labels" | "report">,
): Promise<IssueRef> {
  const existing = await github.findIssueWithLabel(repo, config.labels.report);
  if (existing) return existing;
  return github.createIssue(repo, {
    title: config.report.issueTitle,
    body: REPORT_ISSUE_BODY,
    labels: [config.labels.report],
  });
}

/**
 * Posts one repository's morning report (or replaces the one a crashed attempt posted) and
 * gives the session's progress comment, if there is one, its last word. A repository whose
 * config failed uses the defaults.
 */
export async function postMorningReport(
  github: IssuesPort & CommentsPort,
  night: RepoNight,
  session: SessionOutcome,
  config: RepoConfig = RepoConfigSchema.parse({}),
  notes: readonly string[] = [],
): Promise<{ issue: IssueRef; commentUrl: string }> {
  const issue = await ensureReportIssue(github, night.repo, config);
  const comments = await github.listComments(night.repo, issue.number);
  const comment = await upsertAmong(
    github,
    night.repo,
    issue.number,
    comments,
    marker("report", session.sessionId),
    renderMorningReport(night, session, notes),
  );
  const progressMark = marker("progress", session.sessionId);
  if (findMarked(comments, progressMark)) {
    await upsertAmong(
      github,
      night.repo,
      issue.number,
      comments,
      progressMark,
      renderProgressFinal(night, session),
    );
  }
  return { issue, commentUrl: comment.url };
}
