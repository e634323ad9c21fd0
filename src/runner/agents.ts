import { buildAgentEnv } from "./env.js";

export { interpretAgentResult, type AgentOutcome } from "./agent-result.js";

interface AgentEnvFields {
  env?: Record<string, string>;
  passEnv?: string[];
}

/** How the operator's host config describes an agent (PRODUCT.md §5). */
export type AgentDefinition =
  | ({ kind: "command"; command: string[] } & AgentEnvFields)
  | ({
      kind: "claude-code";
      binary?: string;
      model?: string;
      maxTurns?: number;
      /** Claude Code's `--permission-mode`; default `acceptEdits` (file edits, no shell). */
      permissionMode?: string;
      /** Per-run cost cap, passed as `--max-budget-usd`. */
      maxBudgetUsd?: number;
    } & AgentEnvFields)
  | ({ kind: "codex"; binary?: string; model?: string } & AgentEnvFields)
  | ({ kind: "aider"; binary?: string; model?: string } & AgentEnvFields);

export interface AgentContext {
  prompt: string;
  /** The prompt written to a file outside the worktree. */
  promptFile: string;
  workspace: string;
  issue: number;
  /** owner/repo */
  repo: string;
  baseEnv: NodeJS.ProcessEnv;
}

export interface AgentInvocation {
  argv: string[];
  env: Record<string, string>;
  /** The prompt on standard input, for the presets that read it there (no argv size limit). */
  stdin?: string;
}

export const DEFAULT_MAX_TURNS = 30;

/** Linux refuses a single argv element longer than this (MAX_ARG_STRLEN, minus the NUL). */
const MAX_ARG_BYTES = 128 * 1024 - 1;

const PLACEHOLDER = /\{(prompt|promptFile|workspace|issue|repo)\}/g;

/**
 * Replaces placeholders inside one argv element. One pass with a replacer function: substituted
 * values are never re-scanned and `$&`-style patterns in them mean nothing; the element stays one
 * element whatever it contains (no shell ever sees it).
 */
export function substitute(arg: string, ctx: AgentContext): string {
  const values: Record<string, string> = {
    prompt: ctx.prompt,
    promptFile: ctx.promptFile,
    workspace: ctx.workspace,
    issue: String(ctx.issue),
    repo: ctx.repo,
  };
  return arg.replace(PLACEHOLDER, (match, name: string) => values[name] ?? match);
}

/**
 * The presets' command lines, checked against each CLI's own `--help` (see
 * test/runner/fixtures/cli-help/). Claude Code and Codex read the prompt from standard input, so
 * a prompt that starts with `-` can never be taken for an option and its size is not bounded by
 * argv; aider reads it from the prompt file.
 */
function presetCommand(
  def: AgentDefinition,
  ctx: AgentContext,
): { argv: string[]; stdin?: string } {
  const model = (flag: string, value: string | undefined) => (value ? [flag, value] : []);
  switch (def.kind) {
    case "command":
      return { argv: def.command.map((arg) => substitute(arg, ctx)) };
    case "claude-code":
      return {
        argv: [
          def.binary ?? "claude",
          "--print",
          "--output-format",
          "json",
          "--max-turns",
          String(def.maxTurns ?? DEFAULT_MAX_TURNS),
          "--permission-mode",
          def.permissionMode ?? "acceptEdits",
          "--no-session-persistence",
          ...(def.maxBudgetUsd === undefined ? [] : ["--max-budget-usd", String(def.maxBudgetUsd)]),
          ...model("--model", def.model),
        ],
        stdin: ctx.prompt,
      };
    case "codex":
      // `exec` is non-interactive; its default sandbox is read-only, so allow writes in the
      // workspace. `-` reads the prompt from standard input.
      return {
        argv: [
          def.binary ?? "codex",
          "exec",
          "--sandbox",
          "workspace-write",
          "--color",
          "never",
          "--ephemeral",
          ...model("--model", def.model),
          "-",
        ],
        stdin: ctx.prompt,
      };
    case "aider":
      // We commit, not the agent; `--no-gitignore` keeps aider from editing the repository's
      // .gitignore; `--no-check-update` keeps it off the network for anything but its model.
      return {
        argv: [
          def.binary ?? "aider",
          "--yes-always",
          "--no-auto-commits",
          "--no-gitignore",
          "--no-check-update",
          "--no-analytics",
          ...model("--model", def.model),
          `--message-file=${ctx.promptFile}`,
        ],
      };
  }
}

export function buildAgentInvocation(def: AgentDefinition, ctx: AgentContext): AgentInvocation {
  const { argv, stdin } = presetCommand(def, ctx);
  if (argv.length === 0 || argv[0] === "") throw new Error("agent command is empty");
  for (const arg of argv) {
    if (Buffer.byteLength(arg) > MAX_ARG_BYTES) {
      throw new Error(
        `an argument of the agent command is ${Buffer.byteLength(arg)} bytes, over the OS limit of ${MAX_ARG_BYTES}; pass {promptFile} instead of {prompt}`,
      );
    }
  }
  const env = buildAgentEnv({
    baseEnv: ctx.baseEnv,
    issue: ctx.issue,
    repo: ctx.repo,
    env: def.env,
    passEnv: def.passEnv,
  });
  return stdin === undefined ? { argv, env } : { argv, env, stdin };
}
