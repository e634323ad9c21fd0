import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  buildAgentInvocation,
  type AgentContext,
  type AgentDefinition,
} from "../../src/runner/agents.js";

/**
 * Every flag a preset passes must exist in the real CLI. The help texts were recorded from the
 * real CLIs (see fixtures/cli-help/README.md), so these tests never need the CLIs installed.
 */
const fixture = (name: string) =>
  readFileSync(new URL(`fixtures/cli-help/${name}`, import.meta.url), "utf8");

const ctx: AgentContext = {
  prompt: "- a prompt that starts like an option",
  promptFile: "/data/logs/run.prompt.md",
  workspace: "/data/worktrees/run",
  issue: 7,
  repo: "acme/calc",
  baseEnv: { PATH: "/usr/bin" },
};

/** `--flag` or `--flag=value` → `--flag`; `-` (stdin) and values are not flags. */
const flagsOf = (argv: string[]) =>
  argv
    .slice(1)
    .filter((arg) => /^--?[a-z]/.test(arg))
    .map((arg) => arg.split("=")[0] ?? arg);

/** The option names a help text documents (`--max-budget-usd <amount>`, `-s, --sandbox <MODE>`). */
const documented = (help: string) =>
  new Set(help.match(/(?<![\w-])--?[a-z][a-z0-9-]*/g)?.filter((flag) => flag.length > 1) ?? []);

/** Flags `claude --help` hides but the CLI accepts (shown by parse-checks.txt). */
const CLAUDE_HIDDEN = ["--max-turns"];

const presets: { name: string; def: AgentDefinition; help: string; hidden?: string[] }[] = [
  {
    name: "claude-code",
    def: { kind: "claude-code", model: "sonnet", maxTurns: 3, maxBudgetUsd: 1 },
    help: fixture("claude.txt"),
    hidden: CLAUDE_HIDDEN,
  },
  { name: "codex", def: { kind: "codex", model: "gpt-5" }, help: fixture("codex-exec.txt") },
  { name: "aider", def: { kind: "aider", model: "sonnet" }, help: fixture("aider-options.txt") },
];

describe("agent presets against the real CLIs' help", () => {
  it.each(presets)("$name passes only flags its CLI has", ({ def, help, hidden = [] }) => {
    const { argv } = buildAgentInvocation(def, ctx);
    const known = documented(help);
    const unknown = flagsOf(argv).filter((flag) => !known.has(flag) && !hidden.includes(flag));
    expect(unknown).toEqual([]);
    expect(flagsOf(argv).length).toBeGreaterThan(3);
  });

  it("the hidden Claude Code flags were accepted by the real CLI", () => {
    const checks = fixture("parse-checks.txt");
    const claudeRun = checks.split("\n$ ")[0] ?? "";
    for (const flag of CLAUDE_HIDDEN) expect(claudeRun).toContain(flag);
    // It got as far as authentication: the arguments parsed.
    expect(claudeRun).toContain('"result":"Not logged in');
    expect(checks).toContain("error: unknown option '--not-a-flag'");
  });

  it("recorded parse checks use exactly the presets' command lines", () => {
    const checks = fixture("parse-checks.txt");
    const claude = buildAgentInvocation(
      { kind: "claude-code", maxTurns: 3, maxBudgetUsd: 0.5, model: "sonnet" },
      ctx,
    );
    const codex = buildAgentInvocation({ kind: "codex", model: "gpt-5" }, ctx);
    expect(checks).toContain(`| ${claude.argv.join(" ")}\n`);
    expect(checks).toContain(`| ${codex.argv.join(" ")}   #`);
    expect(checks).toContain("OpenAI Codex v0.169.0");
  });

  it("passes option values the CLIs list as choices", () => {
    const claude = fixture("claude.txt");
    expect(claude).toMatch(/--permission-mode[\s\S]*"acceptEdits"/);
    expect(claude).toMatch(/--output-format[\s\S]*"json"/);
    expect(fixture("codex-exec.txt")).toMatch(
      /--sandbox[\s\S]*possible values: read-only, workspace-write/,
    );
  });

  it("keeps a prompt that looks like an option off argv", () => {
    for (const { def } of presets) {
      const { argv } = buildAgentInvocation(def, ctx);
      expect(argv).not.toContain(ctx.prompt);
    }
  });
});
