import { describe, expect, it } from "vitest";
import { journaledPort } from "../../src/night/journaled-port.js";
import { FakeGitHub } from "../unit/fake-port.js";
import { issue } from "../unit/helpers.js";

const repo = { owner: "acme", repo: "calc" };
const clock = { now: () => new Date("2026-01-05T23:00:00Z") };

function setup() {
  const github = new FakeGitHub([issue({ number: 1 })]);
  const advanced: unknown[] = [];
  const crashes: string[] = [];
  const port = journaledPort(
    github,
    {
      advanceRun: (...args) => {
        advanced.push(args);
      },
    },
    "night@2026-01-05/acme/calc#1/1",
    clock,
    (point) => {
      crashes.push(point);
    },
  );
  return { github, port, advanced, crashes };
}

describe("the run's journaled port", () => {
  it("passes every other method to the port, with the port's own `this`", async () => {
    const { github, port } = setup();
    expect(await port.listOpenIssues(repo)).toHaveLength(1);
    await port.addLabels(repo, 1, ["x"]);
    expect(github.calls).toEqual(["listOpenIssues", "addLabels #1 x"]);
  });

  it("tells the journal a pull request was updated, after GitHub took it", async () => {
    const { port, advanced } = setup();
    await port.updatePull(repo, 7, { title: "t", body: "b" });
    expect(advanced).toEqual([
      ["night@2026-01-05/acme/calc#1/1", "pr-opened", clock.now(), { prNumber: 7 }],
    ]);
  });

  it("journals nothing when GitHub refuses the pull request, past the crash point before it", async () => {
    const { port, advanced, crashes } = setup();
    await expect(
      port.createPull(repo, {
        title: "t",
        body: "b",
        head: "nightshift/1-x",
        base: "main",
        draft: false,
      }),
    ).rejects.toThrow("not in this fake");
    expect(crashes).toEqual(["before-pull"]);
    expect(advanced).toEqual([]);
  });
});
