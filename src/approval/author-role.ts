import type { RepoRole } from "../github/port.js";
import { markedKeys } from "../learn/recurrence.js";
import type { IssueSnapshot } from "../types.js";

/**
 * The role approval reads for an issue's author. An issue the bot itself opened for a
 * `recurring:` entry carries text from `.github/nightshift.yml` on the default branch, which
 * only people with write access can change, so it counts as written with write access: its
 * category decides, as for a maintainer's issue. Anyone else's role is looked up.
 */
export async function authorRole(
  issue: Pick<IssueSnapshot, "author" | "authorType" | "body">,
  botLogin: string | undefined,
  roleOf: (login: string) => Promise<RepoRole>,
): Promise<RepoRole> {
  const ownRecurring =
    botLogin !== undefined &&
    issue.authorType === "Bot" &&
    issue.author.toLowerCase() === botLogin.toLowerCase() &&
    markedKeys(issue.body).length > 0;
  return ownRecurring ? "write" : roleOf(issue.author);
}
