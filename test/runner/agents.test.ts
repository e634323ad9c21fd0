import { describe, expect, it } from "vitest";
import {
  buildAgentInvocation,
  interpretAgentResult,
  type AgentContext,
  type AgentDefinition,
} from "../../src/runner/agents.js";
import type { ProcessResult } from "../../src/runner/process.js";

const baseEnv: NodeJS.ProcessEnv = {
  PATH: "/usr/bin:/bin",
  HOME: "/home/bot",
  LANG: "C.UTF-8",
  TERM: "xterm",
  TMPDIR: "/tmp",
  SHELL: "/bin/bash",
  GITHUB_TOKEN: "ghs_bot",
  GH_TOKEN: "gho_bot",
  PRIVATE_KEY: "-----BEGIN",
  WEBHOOK_SECRET: "hook",
  APP_ID: "123",
  NPM_TOKEN: "npm_x",
  AWS_SECRET_ACCESS_KEY: "aws",
  ANTHROPIC_API_KEY: "sk-ant",
  CLAUDE_CODE_OAUTH_TOKEN: "oauth",
};

const ctx: AgentContext = {
  prompt: "Repository: acme/calc\nIssue: #12\n\nFix it",
  promptFile: "/data/logs/s1/run.prompt.md",
  workspace: "/data/worktrees/run",
  issue: 12,
  repo: "acme/calc",
  baseEnv,
};

const BASE = {
  PATH: "/usr/bin:/bin",
  HOME: "/home/bot",
  LANG: "C.UTF-8",
  TERM: "xterm",
  TMPDIR: "/tmp",
  NIGHTSHIFT_ISSUE: "12",
  NIGHTSHIFT_REPO: "acme/calc",
};

describe("buildAgentInvocation presets", () => {
  const cases: { name: string; def: AgentDefinition; argv: string[]; stdin?: string }[] = [
    {
      name: "claude-code defaults",
      def: { kind: "claude-code" },
      argv: [
        "claude",
        "--print",
        "--output-format",
        "json",
        "--max-turns",
        "30",
        "--permission-mode",
        "acceptEdits",
        "--no-session-persistence",
      ],
      stdin: ctx.prompt,
    },
    {
      name: "claude-code with binary, model, turns, budget",
      def: {
        kind: "claude-code",
        binary: "/opt/claude",
        model: "opus",
        maxTurns: 5,
        maxBudgetUsd: 2.5,
        permissionMode: "bypassPermissions",
      },
      argv: [
        "/opt/claude",
        "--print",
        "--output-format",
        "json",
        "--max-turns",
        "5",
        "--permission-mode",
        "bypassPermissions",
        "--no-session-persistence",
        "--max-budget-usd",
        "2.5",
        "--model",
        "opus",
      ],
      stdin: ctx.prompt,
    },
    {
      name: "codex",
      def: { kind: "codex" },
      argv: [
        "codex",
        "exec",
        "--sandbox",
        "workspace-write",
        "--color",
        "never",
        "--ephemeral",
        "-",
      ],
      stdin: ctx.prompt,
    },
    {
      name: "codex with model",
      def: { kind: "codex", model: "o4-mini" },
      argv: [
        "codex",
        "exec",
        "--sandbox",
        "workspace-write",
        "--color",
        "never",
        "--ephemeral",
        "--model",
        "o4-mini",
        "-",
      ],
      stdin: ctx.prompt,
    },
    {
      name: "aider",
      def: { kind: "aider", model: "sonnet" },
      argv: [
        "aider",
        "--yes-always",
        "--no-auto-commits",
        "--no-gitignore",
        "--no-check-update",
        "--no-analytics",
        "--model",
        "sonnet",
        `--message-file=${ctx.promptFile}`,
      ],
    },
    {
      name: "command with placeholders",
      def: {
        kind: "command",
        command: [
          "node",
          "agent.mjs",
          "--file={promptFile}",
          "{workspace}",
          "#{issue}",
          "{repo}",
          "{unknown}",
        ],
      },
      argv: [
        "node",
        "agent.mjs",
        "--file=/data/logs/s1/run.prompt.md",
        "/data/worktrees/run",
        "#12",
        "acme/calc",
        "{unknown}",
      ],
    },
  ];

  it.each(cases)("$name", ({ def, argv, stdin }) => {
    const invocation = buildAgentInvocation(def, ctx);
    expect(invocation.argv).toEqual(argv);
    expect(invocation.stdin).toBe(stdin);
    expect(invocation.env).toEqual(BASE);
  });
});

describe("placeholder substitution", () => {
  const hostile = [
    "; rm -rf /",
    "$(id)",
    "`id`",
    "a\nb\n--help",
    "'\"\\",
    "$& $1 {prompt}",
    "-rf",
    " spaced  out ",
  ];

  it.each(hostile)("keeps %j one argv element, verbatim", (value) => {
    const invocation = buildAgentInvocation(
      { kind: "command", command: ["agent", "{prompt}", "x{prompt}x"] },
      { ...ctx, prompt: value },
    );
    expect(invocation.argv).toEqual(["agent", value, `x${value}x`]);
  });

  it("refuses a prompt too large for one argv element", () => {
    const prompt = "é".repeat(70_000);
    expect(() =>
      buildAgentInvocation({ kind: "command", command: ["a", "{prompt}"] }, { ...ctx, prompt }),
    ).toThrow(/promptFile/);
    // The presets never put the prompt on argv.
    expect(buildAgentInvocation({ kind: "claude-code" }, { ...ctx, prompt }).stdin).toBe(prompt);
    const viaFile = buildAgentInvocation(
      { kind: "command", command: ["a", "{promptFile}"] },
      { ...ctx, prompt },
    );
    expect(viaFile.argv).toEqual(["a", ctx.promptFile]);
  });
});

describe("agent environment", () => {
  it("adds the definition's env and named passEnv, and Nightshift's ids win", () => {
    const invocation = buildAgentInvocation(
      {
        kind: "claude-code",
        env: { CLAUDE_CONFIG_DIR: "/etc/claude", NIGHTSHIFT_ISSUE: "999" },
        passEnv: ["ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "NPM_TOKEN", "NOT_SET"],
      },
      ctx,
    );
    expect(invocation.env).toEqual({
      ...BASE,
      CLAUDE_CONFIG_DIR: "/etc/claude",
      ANTHROPIC_API_KEY: "sk-ant",
      CLAUDE_CODE_OAUTH_TOKEN: "oauth",
      NPM_TOKEN: "npm_x",
    });
  });

  it("never passes secrets that are not named", () => {
    const env = buildAgentInvocation({ kind: "codex" }, ctx).env;
    for (const name of Object.keys(env))
      expect(name).not.toMatch(/TOKEN|SECRET|PRIVATE_KEY|APP_ID/);
  });

  it.each([
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "PRIVATE_KEY",
    "WEBHOOK_SECRET",
    "APP_PRIVATE_KEY",
    "github_token",
  ])("refuses %s even in passEnv or env", (name) => {
    expect(() => buildAgentInvocation({ kind: "aider", passEnv: [name] }, ctx)).toThrow(
      /never passed to an agent/,
    );
    expect(() => buildAgentInvocation({ kind: "aider", env: { [name]: "x" } }, ctx)).toThrow(
      /never passed to an agent/,
    );
  });

  it("rejects malformed variable names", () => {
    expect(() => buildAgentInvocation({ kind: "aider", passEnv: ["A=B"] }, ctx)).toThrow(
      /invalid environment variable/,
    );
  });
});

function processResult(fields: Partial<ProcessResult>): ProcessResult {
  return {
    exitCode: 0,
    signal: null,
    timedOut: false,
    truncated: false,
    durationMs: 90_000,
    tail: "",
    ...fields,
  };
}

describe("interpretAgentResult", () => {
  const claudeJson = JSON.stringify({
    type: "result",
    subtype: "success",
    is_error: false,
    duration_ms: 1234,
    num_turns: 7,
    result: "Fixed the off-by-one in sum() and added a test.",
    session_id: "abc",
    total_cost_usd: 0.4213,
    usage: {
      input_tokens: 100,
      cache_creation_input_tokens: 20,
      cache_read_input_tokens: 3,
      output_tokens: 456,
    },
  });

  it("parses Claude Code's JSON result, with stderr noise around it", () => {
    const outcome = interpretAgentResult(
      { kind: "claude-code" },
      processResult({ tail: `warning: something\n${claudeJson}\n` }),
    );
    expect(outcome.status).toBe("succeeded");
    expect(outcome.summary).toBe("Fixed the off-by-one in sum() and added a test.");
    expect(outcome.cost).toEqual({ turns: 7, usd: 0.4213, inputTokens: 123, outputTokens: 456 });
  });

  it("reports Claude Code's own errors as failed", () => {
    const json = JSON.stringify({
      type: "result",
      subtype: "error_max_turns",
      is_error: true,
      num_turns: 30,
      total_cost_usd: 1.5,
    });
    const outcome = interpretAgentResult(
      { kind: "claude-code" },
      processResult({ exitCode: 1, tail: json }),
    );
    expect(outcome.status).toBe("failed");
    expect(outcome.summary).toContain("error_max_turns");
    expect(outcome.cost?.turns).toBe(30);
  });

  it("falls back to the output's last lines when Claude Code's JSON is missing", () => {
    const outcome = interpretAgentResult(
      { kind: "claude-code" },
      processResult({ exitCode: 1, tail: "Error: not logged in\n" }),
    );
    expect(outcome).toMatchObject({
      status: "failed",
      summary: "exited with code 1\nError: not logged in",
    });
  });

  it.each<[string, Partial<ProcessResult>, string, RegExp]>([
    [
      "success",
      { tail: "\x1b[32mediting\x1b[0m\n\nChanged sum.js\r\n\n" },
      "succeeded",
      /^editing\nChanged sum\.js$/,
    ],
    ["non-zero exit", { exitCode: 2, tail: "oops\n" }, "failed", /^exited with code 2\noops$/],
    ["killed by a signal", { exitCode: null, signal: "SIGSEGV" }, "crashed", /^killed by SIGSEGV$/],
    [
      "timeout",
      { exitCode: null, signal: "SIGTERM", timedOut: true, tail: "thinking\n" },
      "timed-out",
      /^timed out after 1\.5 min\nthinking$/,
    ],
    [
      "spawn error",
      { exitCode: null, spawnError: "spawn aider ENOENT" },
      "crashed",
      /could not start the agent: spawn aider ENOENT/,
    ],
    ["silent success", { tail: "" }, "succeeded", /printed nothing/],
  ])("%s", (_name, fields, status, summary) => {
    const outcome = interpretAgentResult(
      { kind: "command", command: ["x"] },
      processResult(fields),
    );
    expect(outcome.status).toBe(status);
    expect(outcome.summary).toMatch(summary);
  });

  it("bounds a generic summary to whole last lines", () => {
    const tail = Array.from({ length: 500 }, (_, i) => `line ${i}`).join("\n");
    const { summary } = interpretAgentResult({ kind: "aider" }, processResult({ tail }));
    expect(summary.length).toBeLessThanOrEqual(2000);
    expect(summary.endsWith("line 499")).toBe(true);
    expect(summary.split("\n")[0]).toMatch(/^line \d+$/);
  });
});
