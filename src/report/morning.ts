import type { RepoNight, SessionOutcome } from "./outcome.js";
import { accuracyTable } from "./accuracy-table.js";
import { describeSkip } from "../queue/skip-reason.js";
import type { RunOutcome } from "../run/outcome.js";
import { amountText, figureText, type QuotaUnit } from "../quota/unit.js";
import { neutralizeAgentText, quoteAgentLog } from "../text/untrusted-output.js";
import { repoFullName } from "../types.js";
import { dataBlock, reportData } from "./data.js";
import { formatDuration } from "../text/duration.js";
import { failureExcerpt, inlineText } from "./format.js";
import { renderGantt } from "./gantt.js";
import { fitWithin } from "./size.js";

/** How much detail a rendering carries; smaller settings keep a huge night under the limit. */
interface Detail {
  excerpts: boolean;
  gantt: boolean;
  data: boolean;
  maxRows: number;
}

const issueCell = (run: Pick<RunOutcome, "task">): string =>
  `#${run.task.issue.number} ${inlineText(run.task.issue.title)}`;

const gatesCell = (run: RunOutcome): string => {
  if (run.gates.length === 0) return "none configured";
  const passed = run.gates.filter((gate) => gate.passed).length;
  return `${passed}/${run.gates.length} passed`;
};

/** The estimate in the quota's unit, then what the agent reported. */
const costCell = (run: RunOutcome, unit: QuotaUnit): string => {
  const actual = [
    run.cost.turns === undefined ? undefined : `${run.cost.turns} turns`,
    run.cost.usd === undefined ? undefined : `$${run.cost.usd.toFixed(2)}`,
  ].filter(Boolean);
  return `${amountText(unit, run.cost.estimated)} (est.)${actual.length > 0 ? `, ${actual.join(", ")}` : ""}`;
};

/** The first `max` rows, and a line saying how many were left out. */
function capped(rows: string[], max: number): string[] {
  if (rows.length <= max) return rows;
  return [...rows.slice(0, max), "", `…and ${rows.length - max} more (see the JSON data).`];
}

/** The pull request a run shipped; a follow-up's says it got a new commit, not a new PR. */
const pullCell = (run: RunOutcome): string =>
  run.pr ? `#${run.pr.number}${run.followUp ? " (follow-up commit)" : ""}` : "—";

function shippedSection(runs: RunOutcome[], unit: QuotaUnit, detail: Detail): string[] {
  if (runs.length === 0) return ["### ✅ Shipped", "", "Nothing shipped this session."];
  return [
    "### ✅ Shipped",
    "",
    "| Issue | Pull request | Gates | Runtime | Cost |",
    "|---|---|---|---|---|",
    ...capped(
      runs.map(
        (run) =>
          `| ${issueCell(run)} | ${pullCell(run)} | ${gatesCell(run)} | ${formatDuration(run.durationMs)} | ${costCell(run, unit)} |`,
      ),
      detail.maxRows,
    ),
  ];
}

function runningSection(session: SessionOutcome, night: RepoNight): string[] {
  const running = (session.running ?? []).filter(
    (run) => repoFullName(run.task.repo) === repoFullName(night.repo),
  );
  if (running.length === 0) return [];
  return [
    "### ⏳ Still running",
    "",
    ...running.map(
      (run) => `- **${issueCell(run)}** since ${run.startedAt} (reported again next time)`,
    ),
  ];
}

function failedSection(runs: RunOutcome[], detail: Detail): string[] {
  if (runs.length === 0) return [];
  const lines = ["### ❌ Failed", ""];
  for (const run of runs.slice(0, detail.maxRows)) {
    const pr = run.pr
      ? ` — ${run.followUp ? "follow-up commit on " : ""}${run.pr.draft ? "draft " : ""}PR #${run.pr.number}`
      : "";
    lines.push(`- **${issueCell(run)}**: ${run.reason ?? run.status}${pr}`);
    const failedGate = run.gates.find((gate) => !gate.passed);
    const excerpt = failedGate ? failureExcerpt(failedGate.outputTail) : undefined;
    if (excerpt && detail.excerpts) {
      // Gate output is whatever the agent's code printed: quoted inert, indented into the item.
      const quoted = quoteAgentLog(excerpt, {
        summary: `Output of <code>${failedGate?.name ?? ""}</code>`,
      });
      lines.push(...quoted.split("\n").map((line) => (line === "" ? "" : `  ${line}`)));
    }
    const logFile = failedGate?.logFile ?? run.logFile;
    if (logFile)
      lines.push(`  Log on the runner: \`${runnerLogName(logFile)}\` in the data directory`);
  }
  if (runs.length > detail.maxRows) lines.push(`- …and ${runs.length - detail.maxRows} more.`);
  return lines;
}

/**
 * A log's place under the data directory (`logs/<session>/<file>`): the runner's own paths
 * are none of GitHub's business.
 */
function runnerLogName(logFile: string): string {
  return logFile.split(/[/\\]/).slice(-3).join("/");
}

/** Connections the egress proxy refused, per run: what the agent tried to reach. */
function egressSection(runs: RunOutcome[]): string[] {
  const refused = runs.filter((run) => (run.egressRefused?.count ?? 0) > 0);
  if (refused.length === 0) return [];
  return [
    "### 🛡️ Refused connections",
    "",
    ...refused.flatMap((run) => [
      `- **${issueCell(run)}**: ${String(run.egressRefused?.count ?? 0)} refused`,
      // The hosts and paths are the agent's choice: neutralised like the rest of its output.
      ...(run.egressRefused?.sample ?? []).map(
        (line) => `  - ${neutralizeAgentText(line, { repo: run.task.repo })}`,
      ),
    ]),
  ];
}

function skippedSection(night: RepoNight, detail: Detail): string[] {
  if (night.skipped.length === 0) return [];
  return [
    "### ⏭️ Skipped",
    "",
    "| Issue | Why |",
    "|---|---|",
    ...capped(
      night.skipped.map(
        (skip) =>
          `| ${issueCell(skip)} (${skip.task.priority}) | ${inlineText(describeSkip(skip.reason, skip.task.repo))} |`,
      ),
      detail.maxRows,
    ),
  ];
}

function hostSection(session: SessionOutcome): string[] {
  const fixed = session.host.fixed ?? [];
  const warnings = session.host.warnings ?? [];
  if (fixed.length + warnings.length + session.host.problems.length === 0) return [];
  return [
    "### 🩺 Host",
    "",
    ...fixed.map((fix) => `- fixed: ${fix}`),
    ...warnings.map((warning) => `- **needs attention**: ${warning}`),
    ...session.host.problems.map(
      (problem) =>
        `- **not fixed**: ${problem}${session.host.blocked ? " (no new runs started)" : ""}`,
    ),
  ];
}

function quotaLines(session: SessionOutcome): string[] {
  const { quota } = session;
  const lines = ["### 📊 Quota", ""];
  if (quota.unknown) {
    lines.push(`> [!WARNING]\n> Quota unknown: ${quota.unknown}. Only critical work ran.`, "");
  }
  if (quota.limit === null || quota.remainingAfter === null) {
    lines.push(
      `Estimated use this session: ${amountText(quota.unit, quota.spent)}${quota.limit === null ? " (no quota limit set)" : ""}.`,
    );
  } else {
    lines.push(
      `Estimated use this session: ${amountText(quota.unit, quota.spent)}; ${figureText(quota.unit, quota.remainingAfter)} of ${figureText(quota.unit, quota.limit)} remain.`,
    );
  }
  return lines;
}

/** How the night's estimates held (learn/accuracy.ts), when a run of it started an agent. */
function accuracySection(night: RepoNight, unit: QuotaUnit): string[] {
  const rows = night.accuracy?.rows ?? [];
  if (rows.length === 0) return [];
  return ["", "### 🎯 Estimates", "", ...accuracyTable(rows, unit)];
}

function nextSection(session: SessionOutcome, night: RepoNight): string[] {
  const next = (session.nextUp ?? []).filter(
    (task) => repoFullName(task.repo) === repoFullName(night.repo),
  );
  if (next.length === 0) return [];
  return [
    "### 🔜 Next up",
    "",
    ...next
      .slice(0, 10)
      .map((task) => `1. #${task.issue.number} ${inlineText(task.issue.title)} (${task.priority})`),
  ];
}

/** Runs the host's stop cut short, with what recovery knew of them; they are queued again. */
function interruptedSection(runs: RunOutcome[], detail: Detail): string[] {
  if (runs.length === 0) return [];
  return [
    "### ⚠️ Interrupted",
    "",
    ...capped(
      runs.map(
        (run) => `- **${issueCell(run)}**: ${run.reason ?? run.interrupted ?? "interrupted"}`,
      ),
      detail.maxRows,
    ),
  ];
}

/** The report's one-line count: exactly the session's runs in the journal, and its skips. */
export function summaryLine(night: RepoNight): string {
  const shipped = night.runs.filter((run) => run.status === "shipped").length;
  const interrupted = night.runs.filter((run) => run.status === "interrupted").length;
  const failed = night.runs.length - shipped - interrupted;
  const cut = interrupted > 0 ? `, ${interrupted} interrupted` : "";
  return `${night.runs.length} runs: ${shipped} shipped, ${failed} failed${cut} · ${night.skipped.length} skipped`;
}

function render(night: RepoNight, session: SessionOutcome, detail: Detail): string {
  const shipped = night.runs.filter((run) => run.status === "shipped");
  const failed = night.runs.filter(
    (run) => run.status !== "shipped" && run.status !== "interrupted",
  );
  const interrupted = night.runs.filter((run) => run.status === "interrupted");
  const summary = summaryLine(night);
  const sections = [
    `## 🌙 Nightshift morning report — ${night.repo.owner}/${night.repo.repo}`,
    "",
    ...(session.paused
      ? ["> [!CAUTION]", `> **Session paused:** ${session.paused}. No further runs started.`, ""]
      : []),
    `Session \`${session.sessionId}\` · ${session.startedAt} → ${session.finishedAt} · ${summary}`,
    ...(session.host.problems.length > 0
      ? [
          "",
          `> [!WARNING]`,
          `> Host problems${session.host.blocked ? " (no new runs started)" : ""}: ${session.host.problems.join("; ")}`,
        ]
      : []),
    ...night.problems.flatMap((problem) => [
      "",
      "> [!CAUTION]",
      ...problem.split("\n").map((line) => `> ${line}`),
    ]),
    "",
    ...shippedSection(shipped, session.quota.unit, detail),
    "",
    ...runningSection(session, night),
    "",
    ...failedSection(failed, detail),
    "",
    ...interruptedSection(interrupted, detail),
    "",
    ...egressSection(night.runs),
    "",
    ...skippedSection(night, detail),
    "",
    ...hostSection(session),
    "",
    ...quotaLines(session),
    ...accuracySection(night, session.quota.unit),
    "",
    ...nextSection(session, night),
    "",
    ...(detail.gantt
      ? renderGantt(night.runs, session.running ?? [], new Date(session.finishedAt))
      : []),
    "",
    ...(detail.data ? [dataBlock(reportData(night, session))] : []),
  ];
  return (
    sections
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim() + "\n"
  );
}

/**
 * The morning report of one repository, as Markdown for a comment on its report issue, with
 * the same data as hidden JSON. A night too big for one comment loses detail step by step
 * (JSON block, output excerpts, chart, long lists) rather than failing to post.
 */
export function renderMorningReport(
  night: RepoNight,
  session: SessionOutcome,
  /** Lines said first (e.g. that an earlier comment could not be posted). */
  notes: readonly string[] = [],
): string {
  const full: Detail = { excerpts: true, gantt: true, data: true, maxRows: Infinity };
  const lead = notes.length > 0 ? `${notes.join("\n")}\n` : "";
  return fitWithin([
    () => lead + render(night, session, full),
    () => lead + render(night, session, { ...full, data: false }),
    () => lead + render(night, session, { ...full, data: false, excerpts: false }),
    () =>
      lead + render(night, session, { excerpts: false, gantt: false, data: false, maxRows: 100 }),
    () =>
      lead + render(night, session, { excerpts: false, gantt: false, data: false, maxRows: 20 }),
  ]);
}
