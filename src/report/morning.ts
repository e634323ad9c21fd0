import type { RepoNight, RunOutcome, SessionOutcome } from "../night/outcome.js";
import { failureExcerpt, formatDuration, inlineText } from "./format.js";

const issueCell = (run: Pick<RunOutcome, "task">): string =>
  `#${run.task.issue.number} ${inlineText(run.task.issue.title)}`;

const gatesCell = (run: RunOutcome): string => {
  if (run.gates.length === 0) return "none configured";
  const passed = run.gates.filter((gate) => gate.passed).length;
  return `${passed}/${run.gates.length} passed`;
};

const costCell = (run: RunOutcome): string => {
  const actual = [
    run.cost.turns === undefined ? undefined : `${run.cost.turns} turns`,
    run.cost.usd === undefined ? undefined : `$${run.cost.usd.toFixed(2)}`,
  ].filter(Boolean);
  return `${run.cost.estimated} prompts (est.)${actual.length > 0 ? `, ${actual.join(", ")}` : ""}`;
};

function shippedSection(runs: RunOutcome[]): string[] {
  if (runs.length === 0) return ["### ✅ Shipped", "", "Nothing shipped this session."];
  return [
    "### ✅ Shipped",
    "",
    "| Issue | Pull request | Gates | Runtime | Cost |",
    "|---|---|---|---|---|",
    ...runs.map(
      (run) =>
        `| ${issueCell(run)} | ${run.pr ? `#${run.pr.number}` : "—"} | ${gatesCell(run)} | ${formatDuration(run.durationMs)} | ${costCell(run)} |`,
    ),
  ];
}

function failedSection(runs: RunOutcome[]): string[] {
  if (runs.length === 0) return [];
  const lines = ["### ❌ Failed", ""];
  for (const run of runs) {
    const pr = run.pr ? ` — ${run.pr.draft ? "draft " : ""}PR #${run.pr.number}` : "";
    lines.push(`- **${issueCell(run)}**: ${run.reason ?? run.status}${pr}`);
    const failedGate = run.gates.find((gate) => !gate.passed);
    const excerpt = failedGate ? failureExcerpt(failedGate.outputTail) : undefined;
    if (excerpt) {
      lines.push(
        `  <details><summary>Output of <code>${failedGate?.name ?? ""}</code></summary>`,
        "",
        "  ```",
        ...excerpt.split("\n").map((line) => `  ${line}`),
        "  ```",
        "  </details>",
      );
    }
    const logFile = failedGate?.logFile ?? run.logFile;
    if (logFile) lines.push(`  Log on the runner: \`${logFile}\``);
  }
  return lines;
}

function skippedSection(night: RepoNight): string[] {
  if (night.skipped.length === 0) return [];
  return [
    "### ⏭️ Skipped",
    "",
    "| Issue | Why |",
    "|---|---|",
    ...night.skipped.map(
      (skip) => `| ${issueCell(skip)} (${skip.task.priority}) | ${inlineText(skip.reason)} |`,
    ),
  ];
}

function quotaLine(session: SessionOutcome): string {
  const { quota } = session;
  if (quota.limit === null)
    return `Estimated use this session: ${quota.spent} prompts (no quota limit set).`;
  return `Estimated use this session: ${quota.spent} prompts; ${quota.remainingAfter ?? "?"} of ${quota.limit} remain.`;
}

/** The morning report of one repository, as Markdown for a comment on its report issue. */
export function renderMorningReport(night: RepoNight, session: SessionOutcome): string {
  const shipped = night.runs.filter((run) => run.status === "shipped");
  const failed = night.runs.filter((run) => run.status !== "shipped");
  const summary = `${night.runs.length} runs: ${shipped.length} shipped, ${failed.length} failed · ${night.skipped.length} skipped`;
  const sections = [
    `## 🌙 Nightshift morning report — ${night.repo.owner}/${night.repo.repo}`,
    "",
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
    ...shippedSection(shipped),
    "",
    ...failedSection(failed),
    "",
    ...skippedSection(night),
    "",
    "### 📊 Quota",
    "",
    quotaLine(session),
  ];
  return (
    sections
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim() + "\n"
  );
}
