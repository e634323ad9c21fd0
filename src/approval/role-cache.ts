import { TtlCache } from "../config/cache.js";
import type { GitHubPort, RepoRole } from "../github/port.js";
import type { Clock, Logger, RepoRef } from "../types.js";

/**
 * How long a collaborator's role is trusted across webhook deliveries. A burst of comments from
 * a few people then costs a few lookups; a role GitHub changed (access removed) counts after at
 * most this long.
 */
export const ROLE_TTL_MS = 60_000;

/**
 * Collaborator roles remembered per repository and login for `ROLE_TTL_MS`, shared by every
 * delivery. Concurrent lookups of one person share one request; a failed lookup is not
 * remembered and, as everywhere, counts as no access.
 */
export class RoleCache {
  private readonly roles: TtlCache<RepoRole>;

  constructor(clock: Clock, ttlMs = ROLE_TTL_MS, capacity = 5000) {
    this.roles = new TtlCache<RepoRole>(ttlMs, clock, capacity);
  }

  /** A role lookup for one repository, through the cache. */
  lookup(
    github: Pick<GitHubPort, "getRole">,
    repo: RepoRef,
    logger: Pick<Logger, "warn">,
  ): (login: string) => Promise<RepoRole> {
    return (login) =>
      this.roles
        .get(`${repo.owner}/${repo.repo}:${login}`.toLowerCase(), () => github.getRole(repo, login))
        .catch((error: unknown) => {
          logger.warn({ login, err: error }, "permission lookup failed; treating as no access");
          return "none" as const;
        });
  }
}
