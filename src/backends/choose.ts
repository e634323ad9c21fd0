import type { Task } from "../queue/task.js";
import type { Size } from "../types.js";
import type { RunsOn } from "./actions/job-inputs.js";
import type { BackendRepoConfig, BackendsHostConfig } from "../config/backends-schema.js";

export type BackendChoice =
  | { ok: true; kind: "local" }
  | {
      ok: true;
      kind: "actions";
      workflow: string;
      runsOn: RunsOn;
      timeoutMinutes: number;
      maxArtifactBytes: number;
    }
  | { ok: false; reason: string };

/** The most hours a size may take (PRODUCT.md §2; the schedule's size fit uses the same). */
const SIZE_HOURS: Record<Size, number> = { S: 1, M: 2, L: 6, XL: 12 };

/** GitHub-hosted runners stop a job after 6 hours. */
const HOSTED_MAX_MINUTES = 360;

/** Labels of GitHub-hosted runner images (standard and larger ones are named by the operator). */
const HOSTED_LABEL = /^(ubuntu|windows|macos)-/;

/** True when `runs-on` picks GitHub-hosted runners: hosted labels only, no group, no self-hosted. */
function isHosted(runsOn: RunsOn): boolean {
  if (typeof runsOn === "string") return HOSTED_LABEL.test(runsOn);
  if (Array.isArray(runsOn)) return runsOn.every((label) => HOSTED_LABEL.test(label));
  return false;
}

/**
 * Where a task runs: the repository's choice by size, then by category, then its default,
 * then the host's default; a backend the host has not enabled is refused with the reason. For
 * `actions`, the runners (`runsOn`, per size) and the job's timeout; a task whose size may
 * take longer than GitHub-hosted runners allow (6 h) is refused rather than cut off mid-run.
 */
export function chooseBackend(
  task: Pick<Task, "category" | "size" | "followUp">,
  repo: { backend: BackendRepoConfig },
  host: { backends: BackendsHostConfig; runTimeoutMinutes: number },
): BackendChoice {
  const { backend } = repo;
  const { backends } = host;
  // A follow-up builds on its pull request's branch, which only the local backend prepares.
  if (task.followUp === true) {
    return backends.local.enabled
      ? { ok: true, kind: "local" }
      : {
          ok: false,
          reason: "review follow-ups run on the local backend, which this host has off",
        };
  }
  const name =
    (task.size === undefined ? undefined : backend.bySize[task.size]) ??
    (task.category === undefined ? undefined : backend.byCategory[task.category]) ??
    backend.default ??
    backends.default;
  if (name === "local") {
    return backends.local.enabled
      ? { ok: true, kind: "local" }
      : { ok: false, reason: "this host runs no agents itself (`backends.local.enabled: false`)" };
  }
  const { actions } = backends;
  if (!actions.enabled) {
    return {
      ok: false,
      reason: "the actions backend is not enabled on this host (`backends.actions.enabled`)",
    };
  }
  const runsOn =
    (task.size === undefined ? undefined : actions.runsOnBySize[task.size]) ?? actions.runsOn;
  const hosted = isHosted(runsOn);
  if (hosted && task.size !== undefined && SIZE_HOURS[task.size] * 60 > HOSTED_MAX_MINUTES) {
    return {
      ok: false,
      reason: `size ${task.size} may take ${SIZE_HOURS[task.size]} h and GitHub-hosted jobs stop at 6 h: route it to self-hosted runners (\`backends.actions.runsOnBySize.${task.size}\`)`,
    };
  }
  // The agent's own timeout plus room for checkout, set-up and gates; capped where GitHub caps it.
  const wanted = Math.max(actions.timeoutMinutes, host.runTimeoutMinutes + 30);
  return {
    ok: true,
    kind: "actions",
    workflow: actions.workflow,
    runsOn,
    timeoutMinutes: hosted ? Math.min(wanted, HOSTED_MAX_MINUTES) : wanted,
    maxArtifactBytes: actions.maxArtifactMb * 1024 * 1024,
  };
}
