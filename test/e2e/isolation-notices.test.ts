import { fileURLToPath } from "node:url";
import nock from "nock";
import { beforeAll, describe, expect, it } from "vitest";
import { runDemo } from "../../src/demo/run-demo.js";

/**
 * What a maintainer reads when runs are not isolated: the evening preview and the morning
 * report say so for an explicit opt-out, and an unavailable sandbox starts no run at all.
 */
const scenarioPath = fileURLToPath(new URL("../../fixtures/scenarios/demo.yml", import.meta.url));

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

const preview = (bodies: string[]) => bodies.find((body) => body.includes("evening preview")) ?? "";
const morning = (bodies: string[]) => bodies.find((body) => body.includes("morning report")) ?? "";

describe("isolation notices", () => {
  it("sandbox: none is stated in the preview and the report, and runs go ahead", async () => {
    const result = await runDemo({
      scenarioPath,
      isolation: { level: "none", why: "opted-out" },
    });
    const bodies = result.reports.map((report) => report.body);
    expect(preview(bodies)).toContain("runs are NOT isolated");
    expect(morning(bodies)).toContain("runs are NOT isolated");
    expect(result.session.repos[0]?.runs.length).toBeGreaterThan(0);
  });

  it("an unavailable sandbox starts no run, and the report says why", async () => {
    const result = await runDemo({
      scenarioPath,
      isolation: { level: "unavailable", reason: "bubblewrap (bwrap) is not installed" },
    });
    const bodies = result.reports.map((report) => report.body);
    expect(result.session.repos.flatMap((repo) => repo.runs)).toEqual([]);
    expect(preview(bodies)).toContain("the sandbox is unavailable");
    expect(morning(bodies)).toContain("bubblewrap (bwrap) is not installed");
    expect(morning(bodies)).toContain("no new runs started");
  });
});
