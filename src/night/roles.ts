import type { GitHubPort, RepoRole } from "../github/port.js";
import type { Logger, RepoRef } from "../types.js";

/**
 * A per-repository, per-plan cache of collaborator roles. A failing permission lookup denies:
 * it answers "none" and is logged.
 */
export function roleLookup(
  github: GitHubPort,
  repo: RepoRef,
  logger: Logger,
): (login: string) => Promise<RepoRole> {
  const cache = new Map<string, Promise<RepoRole>>();
  return (login) => {
    let role = cache.get(login);
    if (!role) {
      role = github.getRole(repo, login).catch((error: unknown) => {
        logger.warn({ login, err: error }, "permission lookup failed; treating as no access");
        return "none" as const;
      });
      cache.set(login, role);
    }
    return role;
  };
}
