import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActionsDispatch, ActionsRunner } from "../../../packages/simulator/src/index.js";
import { CHANGE_REF } from "../../../src/backends/actions/change-bundle.js";
import { decodeJobInputs, type JobRequest } from "../../../src/backends/actions/job-inputs.js";
import { writeZip } from "../../../src/backends/actions/zip-write.js";
import { RESULT_VERSION } from "../../../src/run/result.js";
import { playJob } from "../../../src/demo/actions-runner.js";
import { recordingLogger } from "../../runner/helpers.js";
import { checkout } from "./helpers.js";

/**
 * What the simulator's runner does for an issue: run the real job (`job`, the default), or
 * misbehave as a runner or a hostile job could.
 */
export type JobBehaviour =
  | { kind: "job" }
  | { kind: "conclusion"; conclusion: "failure" | "cancelled" | "timed_out" }
  | { kind: "no-artifact" }
  | { kind: "artifact"; build: (request: JobRequest, dispatch: ActionsDispatch) => Buffer }
  /** Runs until cancelled. */
  | { kind: "hang" };

const git = (cwd: string, args: string[], input = "") =>
  execFileSync("git", args, {
    cwd,
    input,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "j",
      GIT_AUTHOR_EMAIL: "j@x",
      GIT_COMMITTER_NAME: "j",
      GIT_COMMITTER_EMAIL: "j@x",
    },
  }).trim();

export const successResult = {
  version: RESULT_VERSION,
  agent: {
    status: "succeeded",
    exitCode: 0,
    signal: null,
    durationMs: 1,
    summary: "done",
    cost: {},
  },
  gates: [],
};

/** A hostile job's artifact: a change bundle whose tree holds `../../escape.txt`. */
export function escapingBundleArtifact(request: JobRequest, dispatch: ActionsDispatch): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "nightshift-hostile-"));
  try {
    checkout(dispatch.gitDir, dir, request.base);
    const blob = git(dir, ["hash-object", "-w", "--stdin"], "escaped\n");
    const inner = git(dir, ["mktree"], `100644 blob ${blob}\tescape.txt\n`);
    const middle = git(dir, ["mktree"], `040000 tree ${inner}\t..\n`);
    const baseTree = git(dir, ["rev-parse", `${request.base}^{tree}`]);
    const listing = git(dir, ["ls-tree", baseTree]);
    const top = git(dir, ["mktree"], `${listing}\n040000 tree ${middle}\t..\n`);
    const commit = git(dir, ["commit-tree", top, "-p", request.base, "-m", "escape"]);
    git(dir, ["update-ref", CHANGE_REF, commit]);
    git(dir, [
      "bundle",
      "create",
      "--quiet",
      join(dir, "b.bundle"),
      CHANGE_REF,
      `^${request.base}`,
    ]);
    return writeZip([
      { name: "result.json", data: Buffer.from(JSON.stringify(successResult)) },
      {
        name: "change.json",
        data: Buffer.from(
          JSON.stringify({ version: 1, kind: "bundle", base: request.base, commit }),
        ),
      },
      { name: "change.bundle", data: readFileSync(join(dir, "b.bundle")) },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The simulator's runner: each dispatched job played as its issue's behaviour says. */
export function fakeRunner(behaviours: ReadonlyMap<number, JobBehaviour>): ActionsRunner {
  return async (dispatch) => {
    const request = decodeJobInputs(dispatch.inputs);
    const behaviour = behaviours.get(request.issue) ?? { kind: "job" };
    switch (behaviour.kind) {
      case "job":
        return playJob(request, dispatch, recordingLogger());
      case "conclusion":
        return { conclusion: behaviour.conclusion };
      case "no-artifact":
        return { conclusion: "success" };
      case "artifact":
        return { conclusion: "success", artifact: behaviour.build(request, dispatch) };
      case "hang":
        return new Promise((resolve) => {
          dispatch.signal.addEventListener("abort", () => {
            resolve({ conclusion: "cancelled" });
          });
        });
    }
  };
}
