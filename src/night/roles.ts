import type { GitHubPort, RepoRole, RolesPort } from "../github/port.js";
import type { Logger, RepoRef } from "../types.js";

/**
 * A per-repository, per-plan cache of collaborator roles. A failing permission lookup denies:
 * it answers "none" and is logged. With a `roster` (the repository's collaborator listing) no
 * lookup is made: whoever is not on it has no role ("none"; on a public repository GitHub's
 * per-user answer would be "read", which grants nothing here either).
 */
export function roleLookup(
  github: RolesPort,
  repo: RepoRef,
  logger: Logger,
  roster?: ReadonlyMap<string, RepoRole>,
): (login: string) => Promise<RepoRole> {
  const cache = new Map<string, Promise<RepoRole>>();
  return (login) => {
    if (roster) return Promise.resolve(roster.get(login.toLowerCase()) ?? "none");
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

/**
 * The repository's collaborator listing, when reading it takes fewer requests than one lookup
 * for each of `people` (its first page says how many pages it has); else undefined, and roles
 * are looked up one by one. A failing listing is logged and falls back the same way.
 */
export async function collaboratorRoster(
  github: Pick<GitHubPort, "listCollaboratorRoles">,
  repo: RepoRef,
  people: ReadonlySet<string>,
  logger: Logger,
): Promise<ReadonlyMap<string, RepoRole> | undefined> {
  if (people.size <= 1) return undefined;
  try {
    return (await github.listCollaboratorRoles(repo, { maxPages: people.size })) ?? undefined;
  } catch (error) {
    logger.warn({ err: error }, "collaborator listing failed; looking roles up one by one");
    return undefined;
  }
}
