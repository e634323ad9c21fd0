import { describe, expect, it } from "vitest";
import { parseHostConfig } from "../../src/config/load.js";
import { chooseAgent } from "../../src/run/agent-choice.js";
import { defaultRepoConfig } from "../unit/helpers.js";

const host = parseHostConfig({
  defaultAgent: "claude",
  agents: { claude: { kind: "claude-code" }, aider: { kind: "aider" } },
});

describe("chooseAgent", () => {
  it.each([
    { category: "bug", repo: {}, expected: "claude" },
    { category: "tests", repo: { byCategory: { tests: "aider" } }, expected: "aider" },
    { category: "bug", repo: { default: "aider" }, expected: "aider" },
  ])("$category with $repo → $expected", ({ category, repo, expected }) => {
    const config = { ...defaultRepoConfig(), agent: { byCategory: {}, ...repo } };
    expect(chooseAgent(category, config, host)).toMatchObject({ ok: true, name: expected });
  });

  it("refuses an agent the host does not define", () => {
    const config = { ...defaultRepoConfig(), agent: { default: "evil", byCategory: {} } };
    expect(chooseAgent("bug", config, host)).toEqual({
      ok: false,
      reason: 'agent "evil" is not defined on this host',
    });
  });

  it("uses the host's only agent when nothing is named", () => {
    const single = parseHostConfig({ agents: { only: { kind: "codex" } } });
    expect(chooseAgent(undefined, defaultRepoConfig(), single)).toMatchObject({
      ok: true,
      name: "only",
    });
  });
});
