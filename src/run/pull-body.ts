import type { GateResult } from "../runner/gates.js";
import { formatDuration } from "../text/duration.js";
import { quoteAgentLog, quoteAgentOutput } from "../text/untrusted-output.js";
import { RUN_MARKER } from "../review/nightshift-pull.js";
import type { RepoRef } from "../types.js";

export interface PullBodyInput {
  repo: RepoRef;
  /** The GitHub server's web address (default github.com): agent links elsewhere are not links. */
  serverUrl?: string;
  issue: number;
  summary: string;
  gates: GateResult[];
  durationMs: number;
  estimatedCost: number;
  sessionId: string;
}

const gateRow = (gate: GateResult): string =>
  `| \`${gate.name}\` | ${gate.passed ? "✅ passed" : gate.timedOut ? "⏱️ timed out" : `❌ failed (exit ${gate.exitCode ?? "?"})`} | ${formatDuration(gate.durationMs)} |`;

/**
 * The body of a Nightshift pull request: what was done, how it was checked, what it cost. The
 * agent's summary and a failed gate's output are untrusted (text/untrusted-output.ts): they are
 * folded away and cannot ping people, close issues, or fake the marker at the end.
 */
export function pullRequestBody(input: PullBodyInput): string {
  const gates =
    input.gates.length === 0
      ? "_No gates are configured for this repository._"
      : ["| Gate | Result | Time |", "|---|---|---|", ...input.gates.map(gateRow)].join("\n");
  const failed = input.gates.find((gate) => !gate.passed);
  const failure = failed
    ? `\n\n${quoteAgentLog(failed.outputTail.slice(-3000), {
        summary: `Output of <code>${failed.name}</code> (last lines)`,
      })}`
    : "";
  const summary = input.summary.trim();
  return [
    `Closes #${input.issue}`,
    "",
    "### What the agent did",
    summary === ""
      ? "_The agent gave no summary._"
      : quoteAgentOutput(summary, {
          repo: input.repo,
          serverUrl: input.serverUrl,
          summary: "The agent's summary, in its own words",
        }),
    "",
    "### Gates",
    gates + failure,
    "",
    `Runtime ${formatDuration(input.durationMs)} · estimated cost ${input.estimatedCost} prompts · session \`${input.sessionId}\``,
    "",
    `<!-- ${RUN_MARKER} ${JSON.stringify({ issue: input.issue, session: input.sessionId })} -->`,
  ].join("\n");
}
