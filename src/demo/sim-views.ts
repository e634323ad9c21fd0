import type { CommentView, PullView, Simulator } from "../../packages/simulator/src/index.js";

/** The label of the issue the bot posts its previews and reports on (the config's default). */
export const REPORT_LABEL = "nightshift: report";

/** The Nightshift pull request of an issue: the one whose body closes it. */
export const pullClosing = (sim: Simulator, repo: string, issue: number): PullView | undefined =>
  sim.state.pulls(repo).find((pull) => pull.body.includes(`Closes #${String(issue)}\n`));

/** The bot's comments on the repository's report issue, oldest first. */
export function reportComments(sim: Simulator, repo: string): CommentView[] {
  const report = sim.state.issues(repo).find((issue) => issue.labels.includes(REPORT_LABEL));
  return report
    ? sim.state.comments(repo, report.number).filter((comment) => comment.authorType === "Bot")
    : [];
}

/** The bot's comments that start with `<!-- nightshift:<kind> session=<key> -->`. */
export const markedComments = (
  comments: readonly CommentView[],
  kind: string,
  key?: string,
): CommentView[] =>
  comments.filter((comment) =>
    comment.body.startsWith(`<!-- nightshift:${kind} session=${key ?? ""}`),
  );
