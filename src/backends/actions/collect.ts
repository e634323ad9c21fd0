import type { GateConfig } from "../../config/repo-schema.js";
import type { ActionsPort, ArtifactInfo, WorkflowRunInfo } from "../../github/port.js";
import type { ChangeLimits, Violation } from "../../runner/accept.js";
import type { Workspace } from "../../runner/workspace.js";
import type { ExecuteResult } from "../../run/result.js";
import type { RepoRef } from "../../types.js";
import { applyBundle } from "./apply-bundle.js";
import { readArtifact } from "./artifact.js";
import { trustRemoteResult } from "./remote-result.js";
import { ARTIFACT_NAME } from "./workflow.js";

export interface CollectInput {
  port: Pick<ActionsPort, "getWorkflowRun" | "listRunArtifacts" | "downloadArtifact">;
  repo: RepoRef;
  runId: number;
  /**
   * A fresh worktree at the commit the job was dispatched with; asked for only when there is a
   * change to write into it.
   */
  workspace: () => Promise<Pick<Workspace, "dir" | "mirrorDir" | "baseSha">>;
  /** The commit the job was dispatched with. */
  base: string;
  /** The repository's limits on a change (the accept step's), and its gates. */
  limits: ChangeLimits;
  gates: readonly Pick<GateConfig, "name">[];
  /** The largest artifact downloaded (zipped, and each file in it unzipped). */
  maxArtifactBytes: number;
}

export type Collected =
  /** The run is not over: collect again on its `completed` webhook or the next reconcile. */
  | { kind: "running"; status: string }
  /** The job's result, and its change (if any) written into the worktree for the accept step. */
  | { kind: "collected"; result: ExecuteResult; change: "applied" | "none" }
  | { kind: "failed"; reason: string; violations?: Violation[]; result?: ExecuteResult };

const MB = 1024 * 1024;
const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

function endedBadly(run: WorkflowRunInfo): string {
  switch (run.conclusion) {
    case "cancelled":
      return "the workflow run was cancelled";
    case "timed_out":
      return "the workflow run timed out";
    default:
      return `the workflow run ended with \`${(run.conclusion ?? "no conclusion").replace(/[^a-z_]/g, "")}\``;
  }
}

/** The run's result artifact, if it is there and worth downloading. */
function usable(
  artifact: ArtifactInfo | undefined,
  max: number,
): { ok: true; artifact: ArtifactInfo } | { ok: false; reason: string } {
  if (artifact === undefined) {
    return { ok: false, reason: `the workflow run uploaded no \`${ARTIFACT_NAME}\` artifact` };
  }
  if (artifact.expired) return { ok: false, reason: "the run's result artifact has expired" };
  if (artifact.sizeInBytes > max) {
    const size = megabytes(artifact.sizeInBytes);
    return {
      ok: false,
      reason: `the run's result artifact is ${size}, more than the ${megabytes(max)} allowed`,
    };
  }
  return { ok: true, artifact };
}

const NOT_BUNDLED = {
  "too-many-files": "the job's change has more files than the repository allows",
  unrepresentable:
    "the job's change holds paths git cannot store (special files, nested repositories or names that are not UTF-8)",
} as const;

/**
 * The bot's side of a finished job: the run's one artifact downloaded (checked against the cap
 * by its listed size first, then while downloading; the redirect URL lives a minute, so it is
 * asked for right before), unzipped, `result.json` parsed by the result schema, and the change
 * bundle written into the fresh worktree, where the accept step then judges it exactly like a
 * local run's. Every failure is a reason; nothing from the artifact is quoted in it.
 */
export async function collectRun(input: CollectInput): Promise<Collected> {
  const { port, repo, runId } = input;
  const run = await port.getWorkflowRun(repo, runId);
  if (run === null) return { kind: "failed", reason: "the workflow run no longer exists" };
  if (run.status !== "completed") return { kind: "running", status: run.status };
  if (run.conclusion !== "success") return { kind: "failed", reason: endedBadly(run) };
  const artifact = (await port.listRunArtifacts(repo, runId)).find((a) => a.name === ARTIFACT_NAME);
  const found = usable(artifact, input.maxArtifactBytes);
  if (!found.ok) return { kind: "failed", reason: found.reason };
  const download = await port.downloadArtifact(repo, found.artifact.id, {
    maxBytes: input.maxArtifactBytes,
  });
  if (download.kind === "expired")
    return { kind: "failed", reason: "the run's result artifact has expired" };
  if (download.kind === "too-large") {
    return {
      kind: "failed",
      reason: `the run's result artifact is larger than the ${megabytes(download.limit)} allowed`,
    };
  }
  const content = readArtifact(download.data, { maxBundleBytes: input.maxArtifactBytes });
  if (!content.ok) return { kind: "failed", reason: content.reason };
  const trusted = trustRemoteResult(content.result, input.gates, repo);
  if (!trusted.ok) return { kind: "failed", reason: trusted.reason };
  const { result } = trusted;
  const { change } = content;
  if (change.kind === "none" || result.agent.status !== "succeeded") {
    return { kind: "collected", result, change: "none" };
  }
  if (change.kind === "not-bundled")
    return { kind: "failed", reason: NOT_BUNDLED[change.reason], result };
  if (change.base !== input.base || content.bundle === undefined) {
    return {
      kind: "failed",
      reason: "the job's change was made on another commit than the one dispatched",
      result,
    };
  }
  const workspace = await input.workspace();
  if (workspace.baseSha !== input.base) {
    return {
      kind: "failed",
      reason: "the worktree for the job's change is not at the dispatched commit",
      result,
    };
  }
  const applied = await applyBundle({
    workspace,
    bundle: content.bundle,
    commit: change.commit,
    limits: input.limits,
  });
  if (applied.kind === "refused") {
    return { kind: "failed", reason: applied.reason, violations: applied.violations, result };
  }
  return { kind: "collected", result, change: "applied" };
}
