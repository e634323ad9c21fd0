import { describe, expect, it } from "vitest";
import { splitArgs } from "../../src/config/argv.js";
import { ConfigError } from "../../src/config/errors.js";
import { parseHostConfig, parseRepoConfig, parseYamlText } from "../../src/config/load.js";

describe("parseRepoConfig", () => {
  it("gives defaults for an absent file", () => {
    const config = parseRepoConfig(null);
    expect(config.categories.autoApprove).toContain("bug");
    expect(config.pullRequests.onGateFailure).toBe("draft");
  });

  it.each([
    { raw: { gates: [{ name: "t" }] }, problem: "gates.0.run: Invalid input" },
    { raw: { pullRequests: { onGateFailure: "maybe" } }, problem: "pullRequests.onGateFailure:" },
    { raw: { colour: "blue" }, problem: '(top level): Unrecognized key: "colour"' },
    { raw: "just a string", problem: "(top level):" },
  ])("names the file, the path and the problem: $problem", ({ raw, problem }) => {
    try {
      parseRepoConfig(raw);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(".github/nightshift.yml is not valid");
      expect((error as ConfigError).problems.join("\n")).toContain(problem);
    }
  });

  it("reports YAML syntax errors with the file", () => {
    expect(() => parseYamlText("gates: [\n", "x.yml")).toThrow(/x\.yml is not valid/);
  });
});

describe("parseHostConfig", () => {
  it("caps the run timeout at 8 hours", () => {
    expect(() => parseHostConfig({ runTimeoutMinutes: 481 })).toThrow(/runTimeoutMinutes/);
  });
  it("knows each agent kind", () => {
    const host = parseHostConfig({
      agents: {
        a: { kind: "command", command: ["x", "{prompt}"] },
        c: { kind: "claude-code", maxTurns: 5 },
      },
    });
    expect(Object.keys(host.agents)).toEqual(["a", "c"]);
    expect(() =>
      parseHostConfig({ agents: { z: { kind: "shell", command: "rm -rf /" } } }),
    ).toThrow(ConfigError);
  });
});

describe("splitArgs", () => {
  it.each([
    { line: "npm test", argv: ["npm", "test"] },
    { line: "  node   --test  ", argv: ["node", "--test"] },
    { line: `npm run "lint all"`, argv: ["npm", "run", "lint all"] },
    { line: `echo '$(id)' ; ls`, argv: ["echo", "$(id)", ";", "ls"] },
    { line: `a\\ b "c\\"d" ''`, argv: ["a b", 'c"d', ""] },
  ])("$line", ({ line, argv }) => {
    expect(splitArgs(line)).toEqual(argv);
  });
  it("rejects an unterminated quote", () => {
    expect(() => splitArgs(`echo "oops`)).toThrow(/unterminated/);
  });
});
