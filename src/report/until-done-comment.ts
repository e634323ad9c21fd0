import type { UntilDoneDecision } from "../learn/until-done.js";

/** What an until-done status comment tells about one target. */
export interface UntilDoneStatusView {
  /** The target as a reader sees it, e.g. label `epic: parser`. */
  target: string;
  /** The resume command, ready to copy. */
  resume: string;
  decision: UntilDoneDecision | { kind: "missing" };
  /** The target's issues now. */
  open: readonly number[];
  total: number;
  /** Its finished runs of the last 24 hours. */
  lastDay: { runs: number; failed: number; spent: number };
  dailyCap?: number;
  /** When the next periodic status falls due (only while it works). */
  nextStatusAt: Date | null;
}

/** A failed run the pause alert names. */
export interface FailedRunView {
  issue: number;
  endedAt: Date;
  /** Why it failed, as the run's issue comment said; absent when the journal has no reason. */
  reason?: string;
}

const when = (at: Date): string => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const issues = (numbers: readonly number[]): string =>
  numbers.map((n) => `#${String(n)}`).join(", ");
const count = (n: number, noun: string): string => `${String(n)} ${noun}${n === 1 ? "" : "s"}`;
const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim().slice(0, 200);

function stateLine(view: UntilDoneStatusView): string {
  const { decision } = view;
  switch (decision.kind) {
    case "missing":
      return "this repository has no milestone with that title, so nothing of it is worked on.";
    case "done":
      return decision.why === "all-closed"
        ? "**done**: every issue is closed. Nothing of it is started any more."
        : "**done**: its completion check passed on the default branch. Its open issues queue as ordinary issues again.";
    case "paused":
      return `**paused** after ${String(decision.failures)} failed runs in a row (the last at ${when(decision.lastFailureAt)}). None of its issues starts until someone who may \`/approve\` comments ${view.resume} on this issue.`;
    case "daily-cap-reached":
      return `**daily cap reached**: ${String(decision.spent)} of ${String(decision.cap)} spent in the last 24 hours. Its issues start again at ${when(decision.resumesAt)}.`;
    case "continue":
      return `**working**: its queued issues run before the rest of the queue in every window.`;
  }
}

/** The status comment of one target on the report issue (the caller adds its marker). */
export function renderUntilDoneStatus(view: UntilDoneStatusView): string {
  const lines = [`### 🔁 Until done: ${view.target}`, "", stateLine(view)];
  if (view.decision.kind !== "missing") {
    const open = view.open.length === 0 ? "" : ` (${issues(view.open)})`;
    lines.push(
      "",
      `- Issues: ${String(view.open.length)} of ${String(view.total)} open${open}`,
      `- Last 24 hours: ${count(view.lastDay.runs, "run")}, ${String(view.lastDay.failed)} failed, ${String(view.lastDay.spent)} spent${view.dailyCap === undefined ? "" : ` of the daily cap of ${String(view.dailyCap)}`}`,
    );
  }
  if (view.nextStatusAt) lines.push(`- Next status by ${when(view.nextStatusAt)}`);
  return lines.join("\n") + "\n";
}

/** A new comment when a target pauses: the failing runs, and how to go on. */
export function renderPauseAlert(
  target: string,
  resume: string,
  failed: readonly FailedRunView[],
): string {
  const runs = failed.map(
    (run) =>
      `- #${String(run.issue)}, ended ${when(run.endedAt)}${run.reason ? `: ${oneLine(run.reason)}` : ""}`,
  );
  return (
    [
      `### ⚠️ Until done paused: ${target}`,
      "",
      `${count(failed.length, "run")} failed in a row:`,
      ...runs,
      "",
      `None of its issues starts until someone who may \`/approve\` comments ${resume} here.`,
    ].join("\n") + "\n"
  );
}
