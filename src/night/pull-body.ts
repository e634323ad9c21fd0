import type { GateResult } from "../runner/gates.js";
import { formatDuration } from "../report/format.js";

export const RUN_MARKER = "nightshift:run";

export interface PullBodyInput {
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
 * Agent output is untrusted: it must not open an HTML comment (which could fake or hide our
 * marker) or ping people.
 */
export const neutralize = (text: string): string =>
  text
    .replace(/<!--/g, "&lt;!--")
    .replace(/-->/g, "--&gt;")
    .replace(/@(?=[A-Za-z0-9])/g, "@\u200b");

/** The body of a Nightshift pull request: what was done, how it was checked, what it cost. */
export function pullRequestBody(input: PullBodyInput): string {
  const gates =
    input.gates.length === 0
      ? "_No gates are configured for this repository._"
      : ["| Gate | Result | Time |", "|---|---|---|", ...input.gates.map(gateRow)].join("\n");
  const failed = input.gates.find((gate) => !gate.passed);
  const failure = failed
    ? `\n\n<details><summary>Output of <code>${failed.name}</code> (last lines)</summary>\n\n\`\`\`\n${neutralize(failed.outputTail.slice(-3000))}\n\`\`\`\n</details>`
    : "";
  return [
    `Closes #${input.issue}`,
    "",
    "### What the agent did",
    neutralize(input.summary.trim()) || "_The agent gave no summary._",
    "",
    "### Gates",
    gates + failure,
    "",
    `Runtime ${formatDuration(input.durationMs)} · estimated cost ${input.estimatedCost} prompts · session \`${input.sessionId}\``,
    "",
    `<!-- ${RUN_MARKER} ${JSON.stringify({ issue: input.issue, session: input.sessionId })} -->`,
  ].join("\n");
}
