import type { WeekResult } from "./run-week.js";

/** A report as a person reads it: the hidden JSON block is for tooling (`--json` prints it). */
export const readableReport = (body: string): string =>
  body.replace(/<!-- nightshift:data[\s\S]*?-->\n?/g, "").trimEnd();

const KIND_TITLES = {
  morning: "morning report",
  "weekend-list": "weekend list",
  "weekend-summary": "weekend summary",
  "until-done": "until-done status",
} as const;

type Day = WeekResult["days"][number];

const ref = (repo: string, issue: number) => `${repo}#${String(issue)}`;

/** One line per thing the week shows off, so the plain output names each feature where it happens. */
function featureLines(day: Day): string[] {
  return [
    ...day.runs.map(
      (run) =>
        `▶️ run: ${ref(run.repo, run.issue)} ${run.status}` +
        (run.pr === null ? "" : ` (pull request #${String(run.pr)})`),
    ),
    ...day.recurringOpened.map(
      (issue) => `🔁 recurring issue opened: ${ref(issue.repo, issue.number)} ${issue.title}`,
    ),
    ...day.calibrated.map(
      (task) =>
        `📐 calibrated: ${ref(task.repo, task.issue)} planned at ${String(task.estimate)} ` +
        `(default ${String(task.default)}, from ${String(task.pastRuns)} past runs)`,
    ),
    ...day.followUps.map(
      (followUp) =>
        `↪️ follow-up commit: ${ref(followUp.repo, followUp.issue)} on pull request #${String(followUp.pull)}`,
    ),
    ...day.repeatsOffered.map(
      (repeat) => `💡 repeat suggested on ${repeat.repo}'s dashboard: ${repeat.suggestion}`,
    ),
    ...day.repeatsAdopted.map(
      (repeat) => `✅ repeat adopted: ${repeat.repo} “${repeat.title}” by @${repeat.by}`,
    ),
    ...day.untilDone.map(
      (status) => `🎯 until done: ${status.repo} ${status.target} — ${status.state}`,
    ),
    ...day.weekend.map(
      (list) =>
        `🗓️ weekend list: ${list.repo} offers ${list.candidates.map((n) => `#${String(n)}`).join(", ")}; ` +
        `ticked: ${list.ticked.map((n) => `#${String(n)}`).join(", ") || "none"}`,
    ),
  ];
}

/** The week as the plain demo prints it: each day's heading, its maintainers, its reports. */
export function weekText(result: WeekResult): string {
  const lines: string[] = [];
  for (const day of result.days) {
    lines.push(`══════ ${day.weekday} ${day.date} ══════`, "");
    for (const step of day.maintainers) lines.push(`👤 ${step}`);
    const work = day.scheduled.length === 0 ? "nothing due" : day.scheduled.join(", ");
    lines.push(`⏰ scheduled: ${work}`, ...featureLines(day), "");
    for (const report of day.reports) {
      lines.push(`── ${report.repo}: ${KIND_TITLES[report.kind]} ──`, "");
      lines.push(readableReport(report.body), "");
    }
  }
  const runs = result.days.flatMap((day) => day.runs);
  const count = (n: number, what: string) => `${String(n)} ${what}`;
  const total = (pick: (day: Day) => readonly unknown[]) =>
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
