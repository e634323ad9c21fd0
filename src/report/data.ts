import type { RepoNight, SessionOutcome } from "./outcome.js";
import { describeSkip } from "../queue/skip-reason.js";
import { repoFullName } from "../types.js";

/**
 * The data block's version: 2 added `runs[].followUp`, 3 `quota.unit` (what `quota` and every
 * `cost.estimated` and `issue.cost` are in). A consumer reads fields it knows and
 * checks the version before relying on a newer one.
 */
export const REPORT_DATA_VERSION = 3;

/** The report's data for tooling: the same facts as the Markdown, without issue bodies. */
export function reportData(night: RepoNight, session: SessionOutcome) {
  const issue = (task: RepoNight["skipped"][number]["task"]) => ({
    number: task.issue.number,
    title: task.issue.title,
    priority: task.priority,
    category: task.category ?? null,
    size: task.size ?? null,
    cost: task.cost,
  });
  return {
    version: REPORT_DATA_VERSION,
    repo: repoFullName(night.repo),
    session: {
      id: session.sessionId,
      startedAt: session.startedAt,
      finishedAt: session.finishedAt,
      paused: session.paused ?? null,
    },
    runs: night.runs.map((run) => ({
      runId: run.runId ?? null,
      issue: issue(run.task),
      status: run.status,
      // A follow-up run works on its issue's open pull request: `pr` is that one, not a new one.
      followUp: run.task.followUp === true || run.followUp === true,
      reason: run.reason ?? null,
      interrupted: run.interrupted ?? null,
      pr: run.pr ?? null,
      startedAt: run.startedAt,
      durationMs: run.durationMs,
      cost: run.cost,
      gates: run.gates.map((gate) => ({ name: gate.name, passed: gate.passed })),
      logFile: run.logFile ?? null,
    })),
    running: (session.running ?? [])
      .filter((run) => repoFullName(run.task.repo) === repoFullName(night.repo))
      .map((run) => ({ issue: issue(run.task), startedAt: run.startedAt })),
    skipped: night.skipped.map((skip) => ({
      issue: issue(skip.task),
      kind: skip.reason.kind,
      reason: describeSkip(skip.reason, skip.task.repo),
    })),
    problems: night.problems,
    host: session.host,
    quota: session.quota,
    nextUp: (session.nextUp ?? [])
      .filter((task) => repoFullName(task.repo) === repoFullName(night.repo))
      .map(issue),
  };
}

export type ReportData = ReturnType<typeof reportData>;

const OPEN = "<!-- nightshift:data ";
const CLOSE = " -->";

/**
 * The data as a hidden HTML comment. `--` never appears in it (escaped as `-\u002d` inside
 * JSON strings, where it means the same), so the comment cannot be closed early.
 */
export const dataBlock = (data: ReportData): string =>
  `${OPEN}${JSON.stringify(data).replace(/--/g, "-\\u002d")}${CLOSE}`;

/** Reads the data block back out of a report comment, or null. */
export function readDataBlock(body: string): ReportData | null {
  const start = body.indexOf(OPEN);
  if (start < 0) return null;
  const end = body.indexOf(CLOSE, start + OPEN.length);
  if (end < 0) return null;
  return JSON.parse(body.slice(start + OPEN.length, end)) as ReportData;
}
