import type { AgentDefinition } from "./agents.js";
import { parseClaudeResult } from "./claude-result.js";
import type { ProcessResult } from "./process.js";
import { firstChars, lastLines } from "./summary.js";

export interface AgentOutcome {
  status: "succeeded" | "failed" | "timed-out" | "crashed";
  summary: string;
  cost?: { turns?: number; usd?: number; inputTokens?: number; outputTokens?: number };
  process: ProcessResult;
}

const SUMMARY_CHARS = 2000;

function withOutput(headline: string, tail: string): string {
  const lines = lastLines(tail, SUMMARY_CHARS);
  return lines === "" ? headline : `${headline}\n${lines}`;
}

/**
 * One result contract for every agent. `crashed`: could not start, or killed by a signal we did
 * not send; `timed-out`: we stopped it; `failed`: it ran and reported failure (non-zero exit, or
 * Claude Code's `is_error`); `succeeded`: exit 0.
 */
export function interpretAgentResult(def: AgentDefinition, result: ProcessResult): AgentOutcome {
  if (result.spawnError !== undefined) {
    return {
      status: "crashed",
      summary: `could not start the agent: ${result.spawnError}`,
      process: result,
    };
  }
  if (result.timedOut) {
    const minutes = Math.round(result.durationMs / 600) / 100;
    return {
      status: "timed-out",
      summary: withOutput(`timed out after ${minutes} min`, result.tail),
      process: result,
    };
  }
  if (def.kind === "claude-code") {
    const parsed = parseClaudeResult(result.tail);
    if (parsed !== null) {
      const ok = result.exitCode === 0 && !parsed.isError;
      const summary =
        parsed.result !== undefined && parsed.result.trim() !== ""
          ? firstChars(parsed.result.trim(), 2 * SUMMARY_CHARS)
          : `Claude Code finished (${parsed.subtype ?? "no result text"})`;
      return { status: ok ? "succeeded" : "failed", summary, cost: parsed.cost, process: result };
    }
  }
  if (result.signal !== null) {
    return {
      status: "crashed",
      summary: withOutput(`killed by ${result.signal}`, result.tail),
      process: result,
    };
  }
  if (result.exitCode !== 0) {
    return {
      status: "failed",
      summary: withOutput(`exited with code ${String(result.exitCode)}`, result.tail),
      process: result,
    };
  }
  const summary = lastLines(result.tail, SUMMARY_CHARS);
  return {
    status: "succeeded",
    summary: summary === "" ? "(the agent printed nothing)" : summary,
    process: result,
  };
}
