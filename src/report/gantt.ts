import type { SessionOutcome } from "./outcome.js";
import type { RunOutcome } from "../run/outcome.js";

/** A Mermaid-safe task name: no colons, semicolons, hashes or line breaks. */
const label = (text: string): string =>
  text
    .replace(/[:;#\r\n`]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 50);

const TAG: Record<RunOutcome["status"], string> = {
  shipped: "done",
  "no-change": "done",
  failed: "crit",
  interrupted: "crit",
};

/** A Mermaid gantt chart of the session's runs (GitHub renders it), one bar per run. */
export function renderGantt(
  runs: readonly RunOutcome[],
  running: NonNullable<SessionOutcome["running"]>,
  now: Date,
): string[] {
  if (runs.length + running.length === 0) return [];
  const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
  const bar = (name: string, tag: string, id: number, start: number, end: number) =>
    `    ${label(name)} :${tag}, r${id}, ${start}, ${Math.max(end, start + 1)}`;
  let id = 0;
  const lines = ["```mermaid", "gantt", "    dateFormat X", "    axisFormat %H:%M"];
  lines.push("    section Runs");
  for (const run of [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt))) {
    const start = seconds(run.startedAt);
    const end = start + Math.round(run.durationMs / 1000);
    lines.push(
      bar(`#${run.task.issue.number} ${run.task.issue.title}`, TAG[run.status], ++id, start, end),
    );
  }
  for (const run of running) {
    const start = seconds(run.startedAt);
    lines.push(
      bar(
        `#${run.task.issue.number} ${run.task.issue.title}`,
        "active",
        ++id,
        start,
        Math.floor(now.getTime() / 1000),
      ),
    );
  }
  lines.push("```");
  return lines;
}
