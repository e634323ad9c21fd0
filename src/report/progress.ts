import type { RepoNight, SessionOutcome } from "./outcome.js";
import { repoFullName } from "../types.js";
import { inlineText } from "./format.js";
import { fitWithin } from "./size.js";

/** The night's progress comment: one comment, edited each cycle, never a stream. */
export function renderProgress(night: RepoNight, session: SessionOutcome, now: Date): string {
  const running = (session.running ?? []).filter(
    (run) => repoFullName(run.task.repo) === repoFullName(night.repo),
  );
  const line = (icon: string, n: number, title: string, extra = "") =>
    `- ${icon} #${n} ${inlineText(title)}${extra}`;
  return fitWithin([
    () =>
      [
        `### 🌙 Nightshift is working — session \`${session.sessionId}\``,
        "",
        `Updated ${now.toISOString()}.${session.paused ? ` **Paused:** ${session.paused}.` : ""}`,
        "",
        ...night.runs.map((run) =>
          line(
            run.status === "shipped"
              ? "✅"
              : run.status === "failed"
                ? "❌"
                : run.status === "interrupted"
                  ? "⚠️"
                  : "➖",
            run.task.issue.number,
            run.task.issue.title,
            run.pr ? ` → #${run.pr.number}` : run.reason ? ` — ${inlineText(run.reason)}` : "",
          ),
        ),
        ...running.map((run) =>
          line("⏳", run.task.issue.number, run.task.issue.title, " (running)"),
        ),
        night.runs.length + running.length === 0 ? "Nothing has run yet." : "",
        "",
        "The full report follows when the window closes.",
      ].join("\n"),
  ]);
}

/**
 * The progress comment's last word once the session's report is out: no "working" left
 * behind, whatever happened to the process that wrote it.
 */
export function renderProgressFinal(night: RepoNight, session: SessionOutcome): string {
  const shipped = night.runs.filter((run) => run.status === "shipped").length;
  return [
    `### 🌙 Nightshift session \`${session.sessionId}\` is over`,
    "",
    `${String(night.runs.length)} runs, ${String(shipped)} shipped. The morning report below has the details.`,
  ].join("\n");
}
