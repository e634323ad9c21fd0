import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { buildAgentInvocation } from "../../src/runner/agents.js";
import { runProcess, type RunProcessInput } from "../../src/runner/process.js";
import { isAlive, tempDir } from "./helpers.js";

const tmp = tempDir();
afterAll(() => {
  tmp.cleanup();
});

const PATH_ONLY = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
let runs = 0;

function input(argv: string[], extra: Partial<RunProcessInput> = {}): RunProcessInput {
  return {
    argv,
    cwd: tmp.path,
    env: PATH_ONLY,
    timeoutMs: 10_000,
    logFile: join(tmp.path, `run-${++runs}.log`),
    maxLogBytes: 1024 * 1024,
    ...extra,
  };
}

function pidsFrom(file: string): number[] {
  return readFileSync(file, "utf8").trim().split(/\s+/).map(Number);
}

describe("runProcess", () => {
  it("kills the whole process group at timeout, grandchildren included", async () => {
    const pids = join(tmp.path, "hang.pids");
    const script = `sleep 1000 & echo $! > ${pids}; (sleep 1000 & echo $! >> ${pids}; wait) & echo $$ >> ${pids}; wait`;
    const result = await runProcess(
      input(["sh", "-c", script], { timeoutMs: 300, killGraceMs: 500 }),
    );

    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe("SIGTERM");
    const all = pidsFrom(pids);
    expect(all).toHaveLength(3);
    // Signalled before runProcess returned; dying takes the kernel a moment on a busy machine.
    await vi.waitFor(() => {
      expect(all.filter(isAlive)).toEqual([]);
    });
  });

  it("escalates to SIGKILL for a child that ignores SIGTERM", async () => {
    const script = `process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000);`;
    const result = await runProcess(
      input(["node", "-e", script], { timeoutMs: 500, killGraceMs: 300 }),
    );
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe("SIGKILL");
    expect(result.tail).toContain("ready");
  });

  it("kills what an exited child left running, and does not wait for it", async () => {
    const pids = join(tmp.path, "leftover.pids");
    const result = await runProcess(
      input(["sh", "-c", `sleep 1000 & echo $! > ${pids}; echo done; exit 0`]),
    );
    expect(result.exitCode).toBe(0);
    expect(result.tail).toBe("done\n");
    const [pid] = pidsFrom(pids);
    // The group was signalled before runProcess returned; dying takes the kernel a moment on a busy machine.
    await vi.waitFor(() => {
      expect(isAlive(pid ?? 0)).toBe(false);
    });
  });

  // Memory under a flood is a benchmark figure (npm run bench, "Peak RSS"), not a test assertion.
  it("caps a 200 MB flood at maxLogBytes, with one truncation marker", async () => {
    const maxLogBytes = 1024 * 1024;
    const logFile = join(tmp.path, "flood.log");
    const size = 200 * 1024 * 1024;
    const result = await runProcess(
      input(["head", "-c", String(size), "/dev/zero"], { logFile, maxLogBytes, timeoutMs: 20_000 }),
    );
    expect(result.exitCode).toBe(0);
    expect(result.truncated).toBe(true);
    const log = readFileSync(logFile);
    expect(log.length).toBeGreaterThan(maxLogBytes);
    expect(log.length).toBeLessThan(maxLogBytes + 200);
    const marker = log.subarray(maxLogBytes).toString("utf8");
    expect(marker).toMatch(/^\n\[nightshift\] output truncated at 1048576 bytes/);
    expect(marker.trim().split("\n")).toHaveLength(1);
    expect(result.tail.length).toBeLessThanOrEqual(64 * 1024);
  });

  it("reports a crash with its exit code and the end of its output", async () => {
    const result = await runProcess(input(["sh", "-c", "echo working; echo boom >&2; exit 3"]));
    expect(result).toMatchObject({ exitCode: 3, signal: null, timedOut: false, truncated: false });
    expect(result.tail).toBe("working\nboom\n");
    expect(readFileSync(join(tmp.path, `run-${runs}.log`), "utf8")).toBe("working\nboom\n");
  });

  it("reports a child killed by a signal", async () => {
    const result = await runProcess(input(["sh", "-c", "kill -SEGV $$"]));
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe("SIGSEGV");
  });

  it("returns spawnError, not a throw, for a missing program or cwd", async () => {
    const missing = await runProcess(input(["nightshift-no-such-program-xyz"]));
    expect(missing.spawnError).toMatch(/ENOENT/);
    expect(missing.exitCode).toBeNull();
    const noCwd = await runProcess(input(["true"], { cwd: join(tmp.path, "nope") }));
    expect(noCwd.spawnError).toMatch(/cwd does not exist/);
    const empty = await runProcess(input([]));
    expect(empty.spawnError).toBe("empty argv");
  });

  it("feeds stdin and keeps only the tail in memory", async () => {
    const result = await runProcess(
      input(["cat"], { stdin: "x".repeat(10_000) + "END", tailBytes: 100 }),
    );
    expect(result.tail).toBe("x".repeat(97) + "END");
  });

  it("gives the child exactly the environment it is handed, never the bot's token", async () => {
    vi.stubEnv("GITHUB_TOKEN", "ghs_secret_from_the_bot");
    // Shaped like a PEM header, built at run time so no secret scanner mistakes it for a key.
    vi.stubEnv("PRIVATE_KEY", ["-----BEGIN RSA PRIVATE", "KEY-----"].join(" "));
    try {
      const invocation = buildAgentInvocation(
        { kind: "command", command: ["env"] },
        {
          prompt: "p",
          promptFile: "/tmp/p",
          workspace: tmp.path,
          issue: 7,
          repo: "acme/calc",
          baseEnv: process.env,
        },
      );
      const result = await runProcess(input(invocation.argv, { env: invocation.env }));
      expect(result.exitCode).toBe(0);
      expect(result.tail).not.toContain("ghs_secret_from_the_bot");
      expect(result.tail).not.toContain("PRIVATE KEY");
      expect(result.tail).toContain("NIGHTSHIFT_ISSUE=7\n");
      const names = result.tail
        .trim()
        .split("\n")
        .map((line) => line.split("=")[0]);
      expect(names.sort()).toEqual(Object.keys(invocation.env).sort());
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
