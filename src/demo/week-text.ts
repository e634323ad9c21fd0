import type { WeekResult } from "./run-week.js";

/** A report as a person reads it: the hidden JSON block is for tooling (`--json` prints it). */
export const readableReport = (body: string): string =>
  body.replace(/<!-- nightshift:data[\s\S]*?-->\n?/g, "").trimEnd();

const KIND_TITLES = {
  morning: "morning report",
  "weekend-list": "weekend list",
  "weekend-summary": "weekend summary",
} as const;

/** The week as the plain demo prints it: each day's heading, its maintainers, its reports. */
export function weekText(result: WeekResult): string {
  const lines: string[] = [];
  for (const day of result.days) {
    lines.push(`══════ ${day.weekday} ${day.date} ══════`, "");
    for (const step of day.maintainers) lines.push(`👤 ${step}`);
    const work = day.scheduled.length === 0 ? "nothing due" : day.scheduled.join(", ");
    lines.push(`⏰ scheduled: ${work}`, "");
    for (const report of day.reports) {
      lines.push(`── ${report.repo}: ${KIND_TITLES[report.kind]} ──`, "");
      lines.push(readableReport(report.body), "");
    }
  }
  const runs = result.days.flatMap((day) => day.runs);
  const count = (n: number, what: string) => `${String(n)} ${what}`;
  const total = (pick: (day: WeekResult["days"][number]) => readonly unknown[]) =>
    result.days.reduce((n, day) => n + pick(day).length, 0);
  lines.push(
    `Nightshift week: ${count(runs.length, "runs")} (${String(runs.filter((run) => run.status === "shipped").length)} shipped), ` +
      `${count(
        total((day) => day.pullRequests.opened),
        "pull requests opened",
      )}, ` +
      `${count(
        total((day) => day.followUps),
        "follow-up commits",
      )}, ` +
      `${count(
        total((day) => day.recurringOpened),
        "recurring issues opened",
      )}, ` +
      `${count(
        total((day) => day.calibrated),
        "calibrated estimates",
      )} ` +
      `in ${(result.durationMs / 1000).toFixed(1)} s; ${String(result.violations.length)} OpenAPI violations.`,
  );
  return lines.join("\n");
}
