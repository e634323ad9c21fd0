import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  buildAgentInvocation,
  interpretAgentResult,
  type AgentDefinition,
} from "../../src/runner/agents.js";
import { collectChange } from "../../src/runner/change-set.js";
import { runProcess } from "../../src/runner/process.js";
import { buildPrompt } from "../../src/runner/prompt.js";
import { createWorkspaces, type Workspace } from "../../src/runner/workspace.js";
import { commitWorktree, createRemote, recordingLogger, tempDir } from "./helpers.js";

const AGENT = resolve("fixtures/agents/scripted-agent.mjs");

describe("the scripted demo agent, end to end through the runner", () => {
  let tmp: ReturnType<typeof tempDir>;
  let ws: Workspace;
  let editsFile: string;

  beforeEach(async () => {
    tmp = tempDir();
    const remote = createRemote(tmp.path);
    remote.commit({ "src/sum.js": "export const sum = (a, b) => a - b;\n" });
    ws = await createWorkspaces({
      cacheDir: join(tmp.path, "cache"),
      logger: recordingLogger(),
    }).prepare({
      repoFullName: "acme/calc",
      cloneUrl: remote.url,
      defaultBranch: "main",
      token: "t",
      runId: "run-1",
    });
    editsFile = join(tmp.path, "edits.json");
    writeFileSync(
      editsFile,
      JSON.stringify({
        "acme/calc#1": {
          summary: "Fixed sum() to add instead of subtract.",
          edits: [
            { path: "src/sum.js", find: "a - b", replace: "a + b" },
            { path: "test/sum.test.js", content: "// sum test\n" },
          ],
        },
        "acme/calc#2": { summary: "Gave up.", edits: [], exit: 3 },
        "acme/calc#3": { edits: [{ path: "../outside.txt", content: "x" }] },
      }),
    );
  });
  afterEach(() => {
    tmp.cleanup();
  });

  async function changedPaths(): Promise<string[]> {
    const collected = await collectChange({ ...ws, maxFiles: 500 });
    return collected.kind === "listed" ? collected.entries.map((entry) => entry.path) : [];
  }

  async function runIssue(issue: number) {
    const prompt = buildPrompt({
      repo: "acme/calc",
      issue: { number: issue, title: "Sum is wrong", body: "sum(1, 1) is 0", author: "octo" },
      maintainerComments: [],
    });
    const promptFile = join(tmp.path, `${issue}.prompt.md`);
    writeFileSync(promptFile, prompt);
    const def: AgentDefinition = {
      kind: "command",
      command: ["node", AGENT, editsFile, "{promptFile}"],
    };
    const invocation = buildAgentInvocation(def, {
      prompt,
      promptFile,
      workspace: ws.dir,
      issue,
      repo: "acme/calc",
      baseEnv: process.env,
    });
    const result = await runProcess({
      ...invocation,
      cwd: ws.dir,
      timeoutMs: 10_000,
      logFile: join(tmp.path, `${issue}.log`),
      maxLogBytes: 65_536,
    });
    return interpretAgentResult(def, result);
  }

  it("applies the scripted edits and prints the summary; the bot commits them", async () => {
    const outcome = await runIssue(1);
    expect(outcome).toMatchObject({
      status: "succeeded",
      summary: "Fixed sum() to add instead of subtract.",
    });
    expect(readFileSync(join(ws.dir, "src/sum.js"), "utf8")).toBe(
      "export const sum = (a, b) => a + b;\n",
    );
    expect(await changedPaths()).toEqual(["src/sum.js", "test/sum.test.js"]);
    expect(await commitWorktree(ws, "Fix sum")).toMatch(/^[0-9a-f]{40}$/);
  });

  it("exits with the scripted code", async () => {
    expect(await runIssue(2)).toMatchObject({
      status: "failed",
      summary: "exited with code 3\nGave up.",
    });
  });

  it("does nothing for an issue it has no script for", async () => {
    expect(await runIssue(4)).toMatchObject({ status: "succeeded", summary: "nothing to do" });
    expect(await changedPaths()).toEqual([]);
  });

  it("refuses an edit outside the workspace", async () => {
    const outcome = await runIssue(3);
    expect(outcome.status).toBe("failed");
    expect(outcome.summary).toContain("outside the workspace");
  });
});
