import { plainLine } from "../learn/plain-snippet.js";

/** What became of one ticked weekend candidate by Sunday, as its issue shows it. */
export interface WeekendOutcome {
  issue: number;
  title: string;
  state: "closed" | "pr-open" | "failed" | "not-run";
}

const WORDS: Record<WeekendOutcome["state"], string> = {
  closed: "✅ done (closed)",
  "pr-open": "🔀 pull request open",
  failed: "❌ failed",
  "not-run": "⏳ not run yet",
};

/** The Sunday comment: each ticked candidate and where it stands. */
export function renderWeekendSummary(outcomes: readonly WeekendOutcome[]): string {
  const lines =
    outcomes.length === 0
      ? ["No weekend candidate was ticked, so the weekend window ran the usual queue."]
      : outcomes.map(
          (o) => `- #${String(o.issue)} ${plainLine(o.title) || "(no title)"} — ${WORDS[o.state]}`,
        );
  return ["## 🗓️ Weekend summary", "", ...lines].join("\n") + "\n";
}
