import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadScenarioFile, startSimulator } from "../../packages/simulator/src/index.js";
import { parseScenario } from "../../packages/simulator/src/scenario.js";
import { SECRET } from "./harness.js";

describe("simulator scenarios", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sim-scenario-test-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("loads YAML with defaults, passes `host` through, and commits a directory honouring .gitignore", async () => {
    await mkdir(join(dir, "demo-repo/src"), { recursive: true });
    await mkdir(join(dir, "demo-repo/node_modules/x"), { recursive: true });
    await writeFile(join(dir, "demo-repo/src/a.js"), "a\n");
    await writeFile(join(dir, "demo-repo/.gitignore"), "node_modules/\n");
    await writeFile(join(dir, "demo-repo/node_modules/x/index.js"), "x\n");
    await writeFile(
      join(dir, "night.yml"),
      [
        "users: [{ login: maya }]",
        "repositories:",
        "  - owner: acme",
        "    name: calculator",
        "    files: ./demo-repo",
        "    collaborators: { maya: admin }",
        "    issues:",
        "      - { title: First, author: maya, labels: ['priority: high'] }",
        "      - { title: Second, author: maya, createdAt: '2026-11-02T10:00:00Z' }",
        "events:",
        "  - { as: maya, comment: { repo: acme/calculator, issue: 1, body: /approve } }",
        "host: { agents: { fake: { command: echo } } }",
      ].join("\n"),
    );
    const { scenario, scenarioDir } = await loadScenarioFile(join(dir, "night.yml"));
    expect(scenarioDir).toBe(dir);
    expect(scenario.app.slug).toBe("nightshift");
    expect(scenario.host).toEqual({ agents: { fake: { command: "echo" } } });
    expect(scenario.events).toHaveLength(1);
    expect(scenario.repositories[0]).toMatchObject({
      defaultBranch: "main",
      private: false,
      archived: false,
    });

    const sim = await startSimulator({ scenario, scenarioDir, webhookSecret: SECRET });
    try {
      const files = execFileSync("git", [
        "--git-dir",
        sim.gitDir("acme/calculator"),
        "ls-tree",
        "-r",
        "--name-only",
        "main",
      ]).toString();
      expect(files.trim().split("\n")).toEqual([".gitignore", "src/a.js"]);
      expect(sim.state.issue("acme/calculator", 1)).toMatchObject({
        createdAt: "2026-11-01T09:00:00Z",
        labels: ["priority: high"],
      });
      expect(sim.state.issue("acme/calculator", 2)?.createdAt).toBe("2026-11-02T10:00:00Z");
      expect(sim.state.labels("acme/calculator")).toEqual([
        { name: "priority: high", color: "ededed", description: null },
      ]);
    } finally {
      await sim.close();
    }
  });

  it("loads JSON too", async () => {
    const file = join(dir, "small.json");
    await writeFile(
      file,
      JSON.stringify({ repositories: [{ owner: "solo", name: "tool", files: { "a.txt": "a" } }] }),
    );
    const { scenario } = await loadScenarioFile(file);
    expect(scenario.repositories[0]?.files).toEqual({ "a.txt": "a" });
  });

  it("names the file and the path of every problem", async () => {
    const file = join(dir, "bad.yml");
    await writeFile(
      file,
      [
        "users: [{ login: maya }]",
        "repositories:",
        "  - owner: acme",
        "    name: calculator",
        "    labels: [{ name: x, color: red }]",
        "    collaborators: { maya: boss }",
        "surprise: 1",
      ].join("\n"),
    );
    const error = await loadScenarioFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`${file}: invalid scenario`);
    expect(message).toContain("repositories[0].labels[0].color");
    expect(message).toContain("repositories[0].collaborators.maya");
    expect(message).toMatch(/surprise/);

    await writeFile(
      file,
      "users: [{ login: maya }]\nrepositories:\n  - { owner: acme, name: c, issues: [{ title: t, author: bob }] }\n",
    );
    await expect(loadScenarioFile(file)).rejects.toThrow(
      /repositories\[0\]\.issues\[0\]\.author: unknown user "bob"/,
    );
    await writeFile(file, "repositories: [\n");
    await expect(loadScenarioFile(file)).rejects.toThrow(new RegExp(`${file}: not valid YAML`));
    await expect(loadScenarioFile(join(dir, "missing.yml"))).rejects.toThrow(
      /missing\.yml: cannot read scenario/,
    );
  });

  it("accepts the full example in docs/simulator.md", async () => {
    const doc = await readFile(new URL("../../docs/simulator.md", import.meta.url), "utf8");
    const block = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const scenario = parseScenario(parseYaml(block ?? ""), "docs/simulator.md");
    expect(scenario.repositories.length).toBeGreaterThan(0);
    expect(scenario.events.length).toBeGreaterThan(0);
  });
});
