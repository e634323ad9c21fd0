import { describe, expect, it } from "vitest";
import { HostConfigSchema } from "../../src/config/host-schema.js";
import { checkConfigOnPull, configCheck } from "../../src/handlers/config-check.js";
import { planSession } from "../../src/night/plan.js";
import { FakeGitHub } from "./fake-port.js";
import { silentLogger } from "./silent-logger.js";

const sha = "b".repeat(40);
const repo = { owner: "acme", repo: "calc" };

describe("configCheck", () => {
  it.each([
    { text: "enabled: true\n", conclusion: "success", mentions: "is valid" },
    { text: "_extends: .github\ngates: []\n", conclusion: "success", mentions: "is valid" },
    { text: "", conclusion: "success", mentions: "is valid" },
    { text: null, conclusion: "success", mentions: "removed" },
    { text: "enabled: maybe\n", conclusion: "failure", mentions: "enabled: Invalid input" },
    { text: "labels: { priority: 3 }\n", conclusion: "failure", mentions: "labels.priority" },
    { text: "categories: [\n", conclusion: "failure", mentions: ".github/nightshift.yml" },
    { text: "surprise: 1\n", conclusion: "failure", mentions: "surprise" },
  ])("$text → $conclusion", ({ text, conclusion, mentions }) => {
    const check = configCheck(text, sha);
    expect(check.conclusion).toBe(conclusion);
    expect(`${check.title}\n${check.summary}`).toContain(mentions);
    expect(check).toMatchObject({ name: "Nightshift config", headSha: sha });
  });
});

describe("checkConfigOnPull", () => {
  it("checks only pull requests that change the config file", async () => {
    const github = new FakeGitHub();
    github.pullFiles = ["src/a.ts"];
    expect(await checkConfigOnPull(github, repo, { number: 5, headSha: sha })).toBeNull();
    expect(github.checkRuns).toEqual([]);
    github.pullFiles = ["src/a.ts", ".github/nightshift.yml"];
    github.files.set(".github/nightshift.yml", "enabled: maybe\n");
    await checkConfigOnPull(github, repo, { number: 5, headSha: sha });
    expect(github.checkRuns.map((c) => c.conclusion)).toEqual(["failure"]);
  });
});

describe("agent names against the host's", () => {
  const host = ["claude", "codex"];
  it.each([
    {
      text: "agent: { default: claude }\n",
      conclusion: "success",
      mentions: "agents on this host: claude, codex",
    },
    {
      text: "enabled: true\n",
      conclusion: "success",
      mentions: "agents on this host: claude, codex",
    },
    {
      text: "agent: { default: claud }\n",
      conclusion: "failure",
      mentions:
        'agent.default: "claud" is not an agent of this host (agents on this host: claude, codex)',
    },
    {
      text: "agent: { default: codex, byCategory: { tests: aider, docs: claude } }\n",
      conclusion: "failure",
      mentions: 'agent.byCategory.tests: "aider" is not an agent of this host',
    },
  ])("$text → $conclusion", ({ text, conclusion, mentions }) => {
    const check = configCheck(text, sha, host);
    expect(check.conclusion).toBe(conclusion);
    expect(`${check.title}\n${check.summary}`).toContain(mentions);
  });

  it("says when the host defines no agents", () => {
    expect(configCheck("agent: { default: claude }\n", sha, []).summary).toContain(
      '"claude" is not an agent of this host (this host defines no agents)',
    );
  });

  it("checks no names when the host's are not known", () => {
    expect(configCheck("agent: { default: anything }\n", sha).conclusion).toBe("success");
  });

  it("are passed to the check run on a config pull request", async () => {
    const github = new FakeGitHub();
    github.pullFiles = [".github/nightshift.yml"];
    github.files.set(".github/nightshift.yml", "agent: { default: claud }\n");
    await checkConfigOnPull(github, repo, { number: 5, headSha: sha }, host);
    expect(github.checkRuns.map((c) => c.conclusion)).toEqual(["failure"]);
  });

  it("an unknown name is a problem in the session's plan, shown in the report", async () => {
    const github = new FakeGitHub();
    github.config = { agent: { byCategory: { docs: "aidr" } } };
    const policy = HostConfigSchema.parse({ agents: { aider: { kind: "aider" } } });
    const plan = await planSession(
      [{ ref: repo, github }],
      { unit: "prompts", remaining: null, limit: null },
      policy,
      silentLogger,
    );
    expect(plan.repos[0]?.problems).toEqual([
      'agent.byCategory.docs: "aidr" is not an agent of this host (agents on this host: aider)',
    ]);
  });
});
