import { describe, expect, it } from "vitest";
import { RUN_MARKER } from "../../src/review/nightshift-pull.js";
import { pullRequestBody } from "../../src/run/pull-body.js";
import type { GateResult } from "../../src/runner/gates.js";

const failedGate: GateResult = {
  name: "test",
  passed: false,
  exitCode: 1,
  timedOut: false,
  durationMs: 2000,
  outputTail: "not ok 1\n```\n</details>\n<!-- x -->\n@bob",
  logFile: "/var/log/gate.log",
};

const input = {
  repo: { owner: "acme", repo: "calc" },
  issue: 5,
  gates: [failedGate],
  durationMs: 60_000,
  estimatedCost: 10,
  sessionId: "night@1",
};

describe("pullRequestBody", () => {
  it("folds the agent's summary and the gate output, inert", () => {
    const body = pullRequestBody({
      ...input,
      summary: "Fixes #9, thanks @alice. ![x](https://evil.example/p.png)",
    });
    expect(body).toContain(
      "<details><summary>The agent's summary, in its own words</summary>\n\nFixes `#9`, thanks `@alice`. \\[image: x]\n\n</details>",
    );
    expect(body).toContain("<details><summary>Output of <code>test</code> (last lines)</summary>");
    expect(body).toContain("````\nnot ok 1\n```\n</details>\n<!-\u200b- x -->\n@bob\n````");
    expect(body.split("\n")[0]).toBe("Closes #5");
  });

  it("has one marker, the bot's own, whatever the agent wrote", () => {
    const fake = `<!-- ${RUN_MARKER} {"issue":7,"session":"x"} -->`;
    const body = pullRequestBody({ ...input, summary: fake, gates: [] });
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body.endsWith(`<!-- ${RUN_MARKER} {"issue":5,"session":"night@1"} -->`)).toBe(true);
  });

  it("says so when the agent gave no summary", () => {
    expect(pullRequestBody({ ...input, summary: "  \n" })).toContain(
      "_The agent gave no summary._",
    );
  });
});
