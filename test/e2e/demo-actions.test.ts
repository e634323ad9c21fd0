import { fileURLToPath } from "node:url";
import nock from "nock";
import { beforeAll, describe, expect, it } from "vitest";
import { runDemo, type DemoResult } from "../../src/demo/run-demo.js";

const scenarioPath = fileURLToPath(new URL("../../fixtures/scenarios/demo.yml", import.meta.url));

let local: DemoResult;
let onActions: DemoResult;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  local = await runDemo({ scenarioPath });
  onActions = await runDemo({ scenarioPath, backend: "actions" });
}, 240_000);

const outcomes = (result: DemoResult) =>
  result.session.repos
    .flatMap((repo) => repo.runs)
    .map((run) => [run.task.issue.number, run.status, run.reason ?? null] as const)
    .sort(([a], [b]) => a - b);

describe("the bundled night with every task on simulated GitHub Actions", () => {
  it("dispatches every run to Actions and collects each once, through the journal", () => {
    expect(onActions.runs.length).toBeGreaterThan(0);
    for (const run of onActions.runs) {
      expect(run).toMatchObject({
        backend: "actions",
        actionsRunId: expect.any(Number) as unknown,
      });
      expect(["done", "failed"]).toContain(run.state);
    }
    expect(new Set(onActions.runs.map((run) => run.actionsRunId)).size).toBe(onActions.runs.length);
  });

  it("comes to the same night as the local backend: outcomes, one PR per shipped issue, labels", () => {
    expect(outcomes(onActions)).toEqual(outcomes(local));
    const prs = (result: DemoResult) =>
      result.issues.map((issue) => [issue.number, issue.pr?.draft ?? null, issue.labels]);
    expect(prs(onActions)).toEqual(prs(local));
    for (const issue of onActions.issues) {
      const runs = onActions.runs.filter((run) => run.issue === issue.number);
      expect(runs.length).toBeLessThanOrEqual(1);
    }
  });

  it("reports exactly the journal's runs, with no OpenAPI violation", () => {
    const report = onActions.reports.map((r) => r.body).join("\n");
    for (const [number, status] of outcomes(onActions)) {
      if (status === "shipped") expect(report).toContain(`#${number}`);
    }
    expect(onActions.session.running ?? []).toEqual([]);
    expect(onActions.violations).toEqual([]);
  });
});
