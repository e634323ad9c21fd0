import type { RepoConfig } from "../config/repo-schema.js";
import type { RepoRole } from "../github/port.js";
import { canApprove } from "./roles.js";

/**
 * Why a task needs a maintainer's approval, or null when it may run as it is.
 * Unknown categories and issues written by someone without write access always need one:
 * their text becomes an agent's prompt.
 */
export function approvalRequirement(
  category: string | undefined,
  authorRole: RepoRole,
  config: Pick<RepoConfig, "categories">,
): string | null {
  if (!canApprove(authorRole)) return "written by someone without write access";
  if (category === undefined) return "no category";
  if (!config.categories.autoApprove.includes(category)) return `category "${category}"`;
  return null;
}
