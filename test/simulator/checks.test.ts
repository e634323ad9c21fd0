import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../packages/simulator/src/index.js";
import { botOctokit, start } from "./harness.js";

const repo = { owner: "acme", repo: "calculator" };

describe("simulator REST: pull request files and check runs", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it("lists the files a pull request changes and records a check run on its head", async () => {
    await sim.act({
      as: "maya",
      push: {
        repo: "acme/calculator",
        branch: "maya/config",
        files: { ".github/nightshift.yml": "enabled: maybe\n", "notes.md": "n\n" },
        message: "Config",
      },
    });
    const gh = await botOctokit(sim);
    const { data: pull } = await gh.rest.pulls.create({
      ...repo,
      title: "Config",
      head: "maya/config",
      base: "main",
    });
    const { data: files } = await gh.rest.pulls.listFiles({ ...repo, pull_number: pull.number });
    expect(files.map((f) => f.filename).sort()).toEqual([".github/nightshift.yml", "notes.md"]);

    const { data: run, status } = await gh.rest.checks.create({
      ...repo,
      name: "Nightshift config",
      head_sha: pull.head.sha,
      status: "completed",
      conclusion: "failure",
      output: { title: "bad", summary: "enabled: expected boolean" },
    });
    expect(status).toBe(201);
    expect(run).toMatchObject({
      name: "Nightshift config",
      conclusion: "failure",
      head_sha: pull.head.sha,
    });
    expect(sim.state.checkRuns("acme/calculator")).toEqual([
      {
        name: "Nightshift config",
        headSha: pull.head.sha,
        conclusion: "failure",
        title: "bad",
        summary: "enabled: expected boolean",
      },
    ]);
    await expect(
      gh.rest.checks.create({ ...repo, name: "x", head_sha: "0".repeat(40) }),
    ).rejects.toMatchObject({ status: 422 });
    expect(sim.violations).toEqual([]);
  });
});
