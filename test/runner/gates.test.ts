import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runGates } from "../../src/runner/gates.js";
import { tempDir } from "./helpers.js";

const tmp = tempDir();
afterAll(() => {
  tmp.cleanup();
});

const opts = {
  cwd: tmp.path,
  env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
  logDir: `${tmp.path}/logs`,
  maxLogBytes: 1024 * 1024,
};

describe("runGates", () => {
  it("runs every gate in order when all pass, each with its own log", async () => {
    const results = await runGates(
      [
        { name: "lint", run: ["sh", "-c", "echo lint ok"], timeoutMinutes: 1 },
        { name: "unit tests", run: ["sh", "-c", "echo tests ok"], timeoutMinutes: 1 },
      ],
      { ...opts, logPrefix: "run-1" },
    );
    expect(results.map((r) => [r.name, r.passed, r.exitCode, r.outputTail])).toEqual([
      ["lint", true, 0, "lint ok"],
      ["unit tests", true, 0, "tests ok"],
    ]);
    expect(results.map((r) => basename(r.logFile))).toEqual([
      "run-1.gate-1-lint.log",
      "run-1.gate-2-unit-tests.log",
    ]);
    expect(readFileSync(results[1]?.logFile ?? "", "utf8")).toBe("tests ok\n");
  });

  it("stops at the first failure; later gates are absent from the result", async () => {
    const results = await runGates(
      [
        { name: "build", run: ["true"], timeoutMinutes: 1 },
        { name: "test", run: ["sh", "-c", "echo '1 failing' >&2; exit 1"], timeoutMinutes: 1 },
        { name: "never", run: ["true"], timeoutMinutes: 1 },
      ],
      opts,
    );
    expect(results.map((r) => r.name)).toEqual(["build", "test"]);
    expect(results[1]).toMatchObject({
      passed: false,
      exitCode: 1,
      timedOut: false,
      outputTail: "1 failing",
    });
  });

  it("fails a gate that cannot start or times out", async () => {
    const [missing] = await runGates(
      [{ name: "x", run: ["no-such-gate-binary"], timeoutMinutes: 1 }],
      opts,
    );
    expect(missing).toMatchObject({ passed: false, exitCode: null });
    expect(missing?.outputTail).toMatch(/could not start: .*ENOENT/);

    const [slow] = await runGates(
      [{ name: "slow", run: ["sleep", "10"], timeoutMinutes: 0.005 }],
      opts,
    );
    expect(slow).toMatchObject({ passed: false, timedOut: true });
  });
});
