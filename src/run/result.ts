import { z } from "zod";

/**
 * What executing a run produced, as data: the agent's exit and summary, each gate's result, and
 * the connections the egress proxy refused. The local backend builds it in-process; a remote
 * backend (GitHub Actions) uploads it as an artifact. Either way the bot parses it with this
 * schema before it believes a word, and the change itself travels separately (the worktree, or
 * a bundle) to the accept step. Bump `version` for any change a reader could misread.
 */
export const RESULT_VERSION = 1;

export const GateResultSchema = z
  .object({
    name: z.string(),
    passed: z.boolean(),
    exitCode: z.number().int().nullable(),
    timedOut: z.boolean(),
    durationMs: z.number().nonnegative(),
    /** The end of the gate's output (or why it could not start). */
    outputTail: z.string(),
    logFile: z.string(),
  })
  .strict();

export const AgentStatusSchema = z.enum(["succeeded", "failed", "timed-out", "crashed"]);

export const ExecuteResultSchema = z
  .object({
    version: z.literal(RESULT_VERSION),
    agent: z
      .object({
        status: AgentStatusSchema,
        exitCode: z.number().int().nullable(),
        signal: z.string().nullable(),
        /** Set when the agent could not start at all. */
        spawnError: z.string().optional(),
        durationMs: z.number().nonnegative(),
        summary: z.string(),
        cost: z
          .object({
            turns: z.number().nonnegative().optional(),
            usd: z.number().nonnegative().optional(),
            inputTokens: z.number().nonnegative().optional(),
            outputTokens: z.number().nonnegative().optional(),
          })
          .strict(),
      })
      .strict(),
    /** The gates that ran, in order; the last failed when shorter than the configured list. */
    gates: z.array(GateResultSchema),
    /** Why no gate ran: the agent failed, or there was nothing acceptable to check. */
    gatesSkipped: z.enum(["agent-failed", "nothing-to-check"]).optional(),
    egressRefused: z
      .object({ count: z.number().int().nonnegative(), sample: z.array(z.string()) })
      .strict()
      .optional(),
  })
  .strict();

export type ExecuteResult = z.infer<typeof ExecuteResultSchema>;
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

/** The agent's failure in one line, for the outcome's reason. */
export function agentFailure(agent: ExecuteResult["agent"]): string {
  if (agent.status === "timed-out") return "agent timed out";
  const why = agent.spawnError ?? `exited with ${String(agent.exitCode ?? agent.signal)}`;
  return `agent ${why}`;
}
