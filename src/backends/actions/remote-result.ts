import type { GateConfig } from "../../config/repo-schema.js";
import type { ExecuteResult } from "../../run/result.js";
import { neutralizeAgentText } from "../../text/untrusted-output.js";
import type { RepoRef } from "../../types.js";

const SIGNAL = /^SIG[A-Z0-9]{1,10}$/;
const MAX_REASON = 300;

/**
 * A job's result made fit for the places a local result goes. The schema already held; what is
 * left are strings the bot would print as its own words: a failure reason (made inert, one
 * line), a signal name, gate names (they must be the repository's gates, in order) and log
 * paths (the runner's, meaningless here, so dropped). Summaries and gate output stay untrusted
 * text, quoted wherever they are shown, as for a local run.
 */
export function trustRemoteResult(
  result: ExecuteResult,
  gates: readonly Pick<GateConfig, "name">[],
  repo: RepoRef,
): { ok: true; result: ExecuteResult } | { ok: false; reason: string } {
  const expected = gates.map((gate) => gate.name);
  const named = result.gates.every((gate, index) => gate.name === expected[index]);
  if (result.gates.length > expected.length || !named) {
    return { ok: false, reason: "the job's result names gates the repository does not have" };
  }
  const { spawnError } = result.agent;
  const oneLine =
    spawnError === undefined
      ? undefined
      : neutralizeAgentText(spawnError, { repo }).replace(/\s+/g, " ").slice(0, MAX_REASON);
  return {
    ok: true,
    result: {
      ...result,
      agent: {
        ...result.agent,
        signal:
          result.agent.signal !== null && SIGNAL.test(result.agent.signal)
            ? result.agent.signal
            : null,
        ...(oneLine === undefined ? {} : { spawnError: oneLine }),
      },
      gates: result.gates.map((gate) => ({ ...gate, logFile: "" })),
    },
  };
}
