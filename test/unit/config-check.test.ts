import { describe, expect, it } from "vitest";
import { checkConfigOnPull, configCheck } from "../../src/config/pull-check.js";
import { FakeGitHub } from "./fake-port.js";

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
