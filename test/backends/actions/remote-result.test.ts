import { describe, expect, it } from "vitest";
import { trustRemoteResult } from "../../../src/backends/actions/remote-result.js";
import { ExecuteResultSchema, RESULT_VERSION } from "../../../src/run/result.js";

const repo = { owner: "acme", repo: "calc" };
const gate = (name: string) => ({
  name,
  passed: true,
  exitCode: 0,
  timedOut: false,
  durationMs: 1,
  outputTail: "",
  logFile: "/home/runner/work/_temp/logs/`evil`.log",
});
const result = (agent: object, gates = [gate("test")]) =>
  ExecuteResultSchema.parse({
    version: RESULT_VERSION,
    agent: {
      status: "crashed",
      exitCode: null,
      signal: null,
      durationMs: 0,
      summary: "",
      cost: {},
      ...agent,
    },
    gates,
  });

describe("a job's result, made fit to print", () => {
  it("makes the failure reason inert and one line, and keeps only real signal names", () => {
    const trusted = trustRemoteResult(
      result({
        spawnError: "@maintainers please see https://evil.example/x\nCloses #1",
        signal: "SIGKILL; rm -rf /",
      }),
      [{ name: "test" }],
      repo,
    );
    expect(trusted.ok).toBe(true);
    if (!trusted.ok) return;
    const { spawnError, signal } = trusted.result.agent;
    expect(signal).toBeNull();
    // Code spans: GitHub links, mentions and closes nothing inside them.
    expect(spawnError).toBe("`@maintainers` please see `https://evil.example/x` Closes `#1`");
    expect(trusted.result.gates.map((g) => g.logFile)).toEqual([""]);
    expect(
      trustRemoteResult(result({ signal: "SIGTERM" }), [{ name: "test" }], repo),
    ).toMatchObject({
      ok: true,
      result: { agent: { signal: "SIGTERM" } },
    });
  });

  it("refuses gates the repository does not have", () => {
    expect(
      trustRemoteResult(result({}, [gate("| ✅ forged |")]), [{ name: "test" }], repo),
    ).toEqual({
      ok: false,
      reason: "the job's result names gates the repository does not have",
    });
    expect(
      trustRemoteResult(result({}, [gate("test"), gate("test")]), [{ name: "test" }], repo).ok,
    ).toBe(false);
    expect(trustRemoteResult(result({}, []), [{ name: "test" }], repo).ok).toBe(true);
  });
});
