import { splitArgs } from "../config/argv.js";
import type { RepoConfig } from "../config/repo-schema.js";
import { interpretAgentResult } from "../runner/agents.js";
import { runGates } from "../runner/gates.js";
import { runProcess } from "../runner/process.js";
import { denialMessage } from "../sandbox/egress-denial.js";
import type { RunDeps, RunScope } from "./context.js";
import type { Prepared } from "./prepare.js";
import { ExecuteResultSchema, RESULT_VERSION, type ExecuteResult } from "./result.js";

const REFUSED_SAMPLE = 5;

/** The run's process groups, told to whoever journals them (recovery stops a live one). */
const processHooks = ({ hooks }: Pick<RunScope, "hooks">) => ({
  ...(hooks.processStarted ? { onSpawn: hooks.processStarted.bind(hooks) } : {}),
  ...(hooks.processEnded ? { onExit: hooks.processEnded.bind(hooks) } : {}),
});

export interface ExecuteHooks {
  /**
   * Between the agent and the gates: false skips the gates (the local backend asks the accept
   * step whether there is an acceptable change at all, so a refused one costs no gate time).
   */
  worthChecking(): Promise<boolean>;
}

/**
 * Step 2, untrusted: the agent, then the repository's gates, all inside the run's sandbox. What
 * comes back is data — the result, parsed by its schema — and the change in the worktree,
 * which the accept step reads. This is the local backend; a remote one produces the same result.
 */
export async function executeLocally(
  deps: Pick<RunDeps, "host">,
  prepared: Prepared,
  config: Pick<RepoConfig, "gates">,
  scope: Pick<RunScope, "runId" | "logDir" | "log" | "fileStem" | "hooks">,
  hooks: ExecuteHooks,
): Promise<ExecuteResult> {
  const { sandbox, invocation, workspace, agent: definition } = prepared;
  const command = sandbox.command(invocation.argv, invocation.env, true);
  const processResult = sandbox.exit(
    await runProcess({
      argv: command.argv,
      cwd: workspace.dir,
      env: command.env,
      ...(invocation.stdin === undefined ? {} : { stdin: invocation.stdin }),
      timeoutMs: deps.host.runTimeoutMinutes * 60_000,
      logFile: prepared.logFile,
      maxLogBytes: deps.host.maxLogBytes,
      // Claude Code's final JSON (with its result text) can exceed the default 64 KiB tail.
      ...(definition.kind === "claude-code" ? { tailBytes: 256 * 1024 } : {}),
      ...processHooks(scope),
    }),
  );
  const outcome = interpretAgentResult(definition, processResult);
  scope.log.info(
    { status: outcome.status, durationMs: processResult.durationMs },
    "agent finished",
  );
  const agent: ExecuteResult["agent"] = {
    status: outcome.status,
    exitCode: processResult.exitCode,
    signal: processResult.signal,
    ...(processResult.spawnError === undefined ? {} : { spawnError: processResult.spawnError }),
    durationMs: processResult.durationMs,
    summary: outcome.summary,
    cost: outcome.cost ?? {},
  };
  const skipped =
    outcome.status !== "succeeded"
      ? "agent-failed"
      : (await hooks.worthChecking())
        ? undefined
        : "nothing-to-check";
  const gates =
    skipped === undefined
      ? await runGates(
          config.gates.map((gate) => ({
            name: gate.name,
            run: typeof gate.run === "string" ? splitArgs(gate.run) : gate.run,
            timeoutMinutes: gate.timeoutMinutes,
            network: gate.network,
          })),
          {
            cwd: workspace.dir,
            env: invocation.env,
            wrap: (argv, env, network) => sandbox.command(argv, env, network),
            logDir: scope.logDir,
            logPrefix: scope.fileStem,
            ...processHooks(scope),
            maxLogBytes: deps.host.maxLogBytes,
          },
        )
      : [];
  const refused = prepared.proxy?.denied();
  return ExecuteResultSchema.parse({
    version: RESULT_VERSION,
    agent,
    gates,
    ...(skipped === undefined ? {} : { gatesSkipped: skipped }),
    ...(refused && refused.count > 0
      ? {
          egressRefused: {
            count: refused.count,
            sample: refused.attempts.slice(0, REFUSED_SAMPLE).map(denialMessage),
          },
        }
      : {}),
  });
}
