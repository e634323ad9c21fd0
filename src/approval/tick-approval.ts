import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort, RepoRole } from "../github/port.js";
import type { IssueSnapshot, Logger, RepoRef } from "../types.js";
import { commandVerdict, type Commander, type Verdict } from "./permissions.js";
import { syncIssueStatus } from "./sync.js";
import { issueTextHash } from "./text-hash.js";

/** Who ticked a box in one of the bot's lists, and what the repository's rules say of them. */
export interface TickContext {
  github: GitHubPort;
  repo: RepoRef;
  editor: Pick<Commander, "login" | "type">;
  /** When the edit was made. */
  at: string;
  config: RepoConfig;
  roleOf: (login: string) => Promise<RepoRole>;
  botLogin: string | undefined;
  logger: Logger;
}

/** Whether the editor may tick: a tick is an `/approve`, under the same rule. */
export async function tickVerdict(
  input: Pick<TickContext, "editor" | "roleOf" | "config">,
): Promise<{ who: Commander; verdict: Verdict }> {
  const who: Commander = { ...input.editor, role: await input.roleOf(input.editor.login) };
  return { who, verdict: commandVerdict("approve", who, input.config.approvals.approvers) };
}

/** Records an allowed tick as an approval of the issue as it reads now, with `notice` on it. */
export async function approveByTick(
  input: TickContext,
  issue: IssueSnapshot,
  notice: string,
): Promise<void> {
  await syncIssueStatus({
    ...input,
    issue,
    record: {
      approvedHash: issueTextHash(issue),
      approvedBy: input.editor.login,
      approvedVia: "dashboard",
      approvedAt: input.at,
    },
    notice,
  });
}
