import type { Context } from "probot";
import type { TtlCache } from "../config/cache.js";
import { configCacheKey } from "./repo-context.js";

/**
 * A push to a default branch may have changed `.github/nightshift.yml`; a push to an owner's
 * `.github` repository may have changed the org-wide defaults every repository `_extends`.
 */
export function onPush(context: Context<"push">, configs: TtlCache<unknown>): void {
  const { ref, repository } = context.payload;
  if (ref !== `refs/heads/${repository.default_branch}`) return;
  const owner = repository.owner?.login;
  if (!owner) return;
  if (repository.name === ".github") configs.invalidatePrefix(`${owner}/`);
  else configs.invalidate(configCacheKey({ owner, repo: repository.name }));
}
