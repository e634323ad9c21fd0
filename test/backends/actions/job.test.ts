import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyBundle } from "../../../src/backends/actions/apply-bundle.js";
import { runJob, type JobOptions } from "../../../src/backends/actions/job.js";
import { acceptChange } from "../../../src/run/accept.js";
import { createWorkspaces } from "../../../src/runner/workspace.js";
import { probeIsolation } from "../../../src/sandbox/probe.js";
import type { Isolation } from "../../../src/sandbox/policy.js";
import { systemClock } from "../../../src/types.js";
import { createRemote, recordingLogger, tempDir, type FakeRemote } from "../../runner/helpers.js";
import { checkout, commandAgent, jobRequest, LIMITS, scriptAgent } from "./helpers.js";

const EDIT = `const fs = require("fs");
fs.writeFileSync("src/sum.js", "export const sum = (a, b) => a + b; // fixed\\n");
fs.mkdirSync("test", { recursive: true });
fs.writeFileSync("test/sum.test.js", "ok\\n");
fs.unlinkSync("old.txt");
console.log("Fixed the sum.");`;

describe("the job: the execute step on a runner", () => {
  let tmp: ReturnType<typeof tempDir>;
  let remote: FakeRemote;
  let base: string;
  let isolation: Isolation;

  beforeEach(async () => {
    tmp = tempDir("nightshift-job-");
    remote = createRemote(tmp.path);
    base = remote.commit({
      "src/sum.js": "export const sum = (a, b) => a - b;\n",
      "old.txt": "old\n",
    });
    isolation = await probeIsolation("bubblewrap");
  });
  afterEach(() => {
    tmp.cleanup();
  });

  function options(
    overrides: Partial<JobOptions["request"]>,
    extra: Partial<JobOptions> = {},
  ): JobOptions {
    return {
      request: jobRequest({ base, ...overrides }),
      repo: "acme/calc",
      checkoutDir: checkout(remote.url, join(tmp.path, "checkout"), base),
      workDir: join(tmp.path, "work"),
      outDir: join(tmp.path, "out"),
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmp.path },
      clock: systemClock,
      logger: recordingLogger(),
      isolation,
      ...extra,
    };
  }

  it("runs the agent and the gates in the sandbox and bundles the change the bot then applies", async () => {
    const outcome = await runJob(
      options({
        agent: scriptAgent(EDIT),
        gates: [
          {
            name: "check",
            run: ["node", "-e", "process.exit(0)"],
            timeoutMinutes: 1,
            network: false,
          },
        ],
      }),
    );
    expect(outcome.result.agent).toMatchObject({
      status: "succeeded",
      summary: expect.stringContaining("Fixed the sum.") as unknown,
    });
    expect(outcome.result.gates).toMatchObject([{ name: "check", passed: true }]);
    expect(outcome.change).toMatchObject({ version: 1, kind: "bundle", base });
    const out = join(tmp.path, "out");
    expect(JSON.parse(readFileSync(join(out, "result.json"), "utf8"))).toEqual(outcome.result);
    expect(JSON.parse(readFileSync(join(out, "change.json"), "utf8"))).toEqual(outcome.change);

    // The bot's side: a fresh worktree at the base, the bundle applied, the accept step's verdict.
    const ws = await createWorkspaces({
      cacheDir: join(tmp.path, "bot"),
      logger: recordingLogger(),
    }).prepare({
      repoFullName: "acme/calc",
      cloneUrl: remote.url,
      defaultBranch: "main",
      token: "",
      runId: "bot-run",
    });
    if (outcome.change.kind !== "bundle") throw new Error("no bundle");
    const applied = await applyBundle({
      workspace: ws,
      bundle: readFileSync(join(out, "change.bundle")),
      commit: outcome.change.commit,
      limits: LIMITS.changes,
    });
    expect(applied).toEqual({ kind: "applied", paths: 3 });
    const accepted = await acceptChange(ws, LIMITS.changes);
    expect(accepted.kind === "change" && accepted.entries.map((e) => [e.path, e.change])).toEqual([
      ["old.txt", "deleted"],
      ["src/sum.js", "modified"],
      ["test/sum.test.js", "added"],
    ]);
    expect(readFileSync(join(ws.dir, "src/sum.js"), "utf8")).toContain("a + b");
  });

  it("keeps no change when the agent failed, and says so when nothing changed", async () => {
    const failed = await runJob(
      options({ agent: scriptAgent(`require("fs").writeFileSync("x", "1"); process.exit(3)`) }),
    );
    expect(failed.result.agent).toMatchObject({ status: "failed", exitCode: 3 });
    expect(failed.result.gatesSkipped).toBe("agent-failed");
    expect(failed.change).toEqual({ version: 1, kind: "none" });
    expect(existsSync(join(tmp.path, "out", "change.bundle"))).toBe(false);

    const idle = await runJob(
      options(
        { agent: scriptAgent("console.log('nothing to do')") },
        { outDir: join(tmp.path, "out2") },
      ),
    );
    expect(idle.result.agent.status).toBe("succeeded");
    expect(idle.result.gatesSkipped).toBe("nothing-to-check");
    expect(idle.change).toEqual({ version: 1, kind: "none" });
  });

  it("builds the prompt from the request's parts and the checkout's contribution notes", async () => {
    base = remote.commit({ "CONTRIBUTING.md": "Keep the sum pure.\n" });
    // The agent reads its prompt file and says which parts it found.
    const show = `const p = require("fs").readFileSync(process.argv[1], "utf8");
console.log([p.startsWith("Repository: acme/calc\\nIssue: #7\\n"), p.includes("Fix it."), p.includes("Keep the sum pure.")].join(" "));`;
    const outcome = await runJob(
      options({ agent: commandAgent(["node", "-e", show, "{promptFile}"]) }),
    );
    expect(outcome.result.agent.summary).toContain("true true true");
  });

  it("says when the change cannot travel as a commit", async () => {
    const fifo = await runJob(options({ agent: commandAgent(["sh", "-c", "mkfifo pipe"]) }));
    expect(fifo.change).toEqual({ version: 1, kind: "not-bundled", reason: "unrepresentable" });
    const many = await runJob(
      options(
        {
          agent: scriptAgent(
            `for (let i = 0; i < 6; i++) require("fs").writeFileSync("f" + i, "x");`,
          ),
          limits: { ...LIMITS, changes: { ...LIMITS.changes, maxFiles: 5 } },
        },
        { outDir: join(tmp.path, "out2") },
      ),
    );
    expect(many.change).toEqual({ version: 1, kind: "not-bundled", reason: "too-many-files" });
  });

  it("writes a result saying why when the agent could not start at all", async () => {
    const noSandbox = await runJob(
      options(
        {},
        { isolation: { level: "unavailable", reason: "bubblewrap cannot create namespaces here" } },
      ),
    );
    expect(noSandbox.result.agent).toMatchObject({
      status: "crashed",
      spawnError: expect.stringContaining("the sandbox is unavailable") as unknown,
    });
    expect(JSON.parse(readFileSync(join(tmp.path, "out", "result.json"), "utf8"))).toEqual(
      noSandbox.result,
    );

    const wrongBase = await runJob(
      options({ base: "1".repeat(40) }, { outDir: join(tmp.path, "out2") }),
    );
    expect(wrongBase.result.agent.status).toBe("crashed");
    expect(wrongBase.change.kind).toBe("none");
  });
});
