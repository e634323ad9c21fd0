import { pushBranch } from "../github/git.js";
import { resolveBranchTarget, type BranchTarget, type BranchTargetInput } from "./branch-target.js";

/** A push the remote refused because the branch moved is checked again this many times in all. */
const PUSH_ATTEMPTS = 2;

export type IssuePush =
  | { ok: true; target: Extract<BranchTarget, { kind: "push" }> }
  | { ok: false; target: BranchTarget; reason: string };

/**
 * Pushes the run's commit to the issue's branch. Only a branch that is new or holds nothing but
 * the bot's commits is written, with a lease on the sha just checked; when someone pushed in
 * between, the lease refuses, and the branch is checked again (their commit then blocks it).
 */
export async function pushIssueBranch(
  input: Omit<BranchTargetInput, "token"> & { sha: string; token: () => Promise<string> },
): Promise<IssuePush> {
  for (let attempt = 1; ; attempt++) {
    const token = await input.token();
    const target = await resolveBranchTarget({ ...input, token });
    if (target.kind === "blocked") return { ok: false, target, reason: target.reason };
    const pushed = await pushBranch({
      mirrorDir: input.mirrorDir,
      remoteUrl: input.remoteUrl,
      token,
      branch: target.branch,
      sha: input.sha,
      force: true,
      expectedSha: target.expectedSha,
    });
    if (pushed.ok) return { ok: true, target };
    if (pushed.reason !== "rejected" || attempt >= PUSH_ATTEMPTS) {
      return {
        ok: false,
        target,
        reason: `push of ${target.branch} ${pushed.reason}: ${pushed.message}`,
      };
    }
  }
}
