import type { CalibratedEstimate } from "../learn/calibration.js";
import { plainLine } from "../learn/plain-snippet.js";
import type { WeekendCandidate } from "../queue/weekend.js";

/** The hidden tag that ties a weekend checkbox to its issue. */
const TAG = (issue: number) => `<!-- nightshift:weekend #${issue} -->`;
const LINE = /^- \[( |x|X)\] .*<!-- nightshift:weekend #(\d+) -->$/gm;

const amount = (value: number): string =>
  Number.isInteger(value) ? String(value) : value.toFixed(1);

function estimateText(estimate: CalibratedEstimate): string {
  switch (estimate.basis) {
    case "label":
      return `${amount(estimate.value)} prompts (cost label)`;
    case "category-default":
      return `~${amount(estimate.value)} prompts (category default)`;
    case "calibrated":
      return `~${amount(estimate.value)} prompts (median of ${estimate.runs} similar runs)`;
  }
}

function candidateLines(candidate: WeekendCandidate): string[] {
  const approval = candidate.needsApproval ? " — needs approval: ticking approves it" : "";
  return [
    `- [ ] #${candidate.issue} ${plainLine(candidate.title) || "(no title)"} — size ${candidate.size}, ${candidate.priority}, ${estimateText(candidate.estimate)}${approval} ${TAG(candidate.issue)}`,
    // Steps come from issue bodies: made plain again here, whoever built the candidate.
    ...candidate.breakdown
      .map((step) => `  - ${plainLine(step)}`)
      .filter((line) => line !== "  - "),
  ];
}

/** The Friday comment: the weekend candidates, each with a box an approver may tick. */
export function renderWeekendComment(candidates: readonly WeekendCandidate[]): string {
  const intro =
    candidates.length === 0
      ? ["No weekend-sized (L or XL) issue is queued, so the weekend window runs the usual queue."]
      : [
          "Tick the issues to run this weekend: the weekend window runs ticked issues first. Only people who may `/approve` can tick.",
          "",
          ...candidates.flatMap(candidateLines),
        ];
  return ["## 🗓️ Weekend candidates", "", ...intro].join("\n") + "\n";
}

/** The issues whose weekend box is ticked, in ascending order. */
export function parseWeekendTicks(body: string): number[] {
  const ticked = new Set<number>();
  for (const match of body.replace(/\r\n?/g, "\n").matchAll(LINE)) {
    if (match[1] !== " ") ticked.add(Number(match[2]));
  }
  return [...ticked].sort((a, b) => a - b);
}

/** Issues whose weekend box an edit ticked (checked after, not before). */
export function newlyTickedWeekend(before: string, after: string): number[] {
  const was = new Set(parseWeekendTicks(before));
  return parseWeekendTicks(after).filter((issue) => !was.has(issue));
}

/** The body with these issues' weekend boxes unticked again: the revert of a refused tick. */
export function untickWeekend(body: string, issues: readonly number[]): string {
  return body.replace(LINE, (line, _mark: string, issue: string) =>
    issues.includes(Number(issue)) ? line.replace(/^- \[(x|X)\]/, "- [ ]") : line,
  );
}

/** Whether the candidate's line says ticking it approves it. */
export const tickApproves = (body: string, issue: number): boolean =>
  body
    .split(/\r?\n/)
    .some(
      (line) => line.endsWith(TAG(issue)) && line.includes("needs approval: ticking approves it"),
    );
