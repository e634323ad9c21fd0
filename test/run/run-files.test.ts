import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runFileStem } from "../../src/run/run-files.js";
import { runId } from "../../src/store/journal.js";

describe("a run's file names", () => {
  it.each([
    [runId("night@2026-01-05", "acme/calc", 12), "acme.calc.12"],
    [runId("night@2026-01-05", "acme/calc", 12, 2), "acme.calc.12.attempt-2"],
    [runId("s", "my-org/repo.js", 7, 3), "my-org.repo.js.7.attempt-3"],
  ])("%s → %s", (id, stem) => {
    expect(runFileStem(id)).toBe(stem);
  });

  it("gives an id of another shape a cleaned name and a hash", () => {
    expect(runFileStem("../../etc/passwd")).toMatch(/^etc-passwd-[0-9a-f]{8}$/);
  });

  it("never gives two runs of a session the same stem", () => {
    const owner = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,5}$/);
    const repo = fc.stringMatching(/^[A-Za-z0-9._-]{1,6}$/);
    const run = fc.record({
      owner,
      repo,
      issue: fc.integer({ min: 1, max: 99 }),
      attempt: fc.integer({ min: 1, max: 3 }),
    });
    fc.assert(
      fc.property(run, run, (a, b) => {
        const id = (r: typeof a) => runId("s", `${r.owner}/${r.repo}`, r.issue, r.attempt);
        if (id(a) !== id(b)) expect(runFileStem(id(a))).not.toBe(runFileStem(id(b)));
      }),
    );
  });
});
