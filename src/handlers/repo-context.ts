import type { RoleCache } from "../approval/role-cache.js";
import type { TtlCache } from "../config/cache.js";
import { ConfigError } from "../config/errors.js";
import { parseRepoConfig, REPO_CONFIG_PATH } from "../config/load.js";
import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort, RepoRole } from "../github/port.js";
import { octokitGitHub, type OctokitGitHub } from "../github/octokit-port.js";
import type { IssueEventContext } from "./issue-event.js";
import type { IssueSnapshot, RepoRef } from "../types.js";

type RepoEventContext = IssueEventContext<{ issue: { number: number } }>;

/** What webhook handlers remember across deliveries. */
export interface HandlerCaches {
  /** Repository configs as read (raw); pushes evict them. */
  configs: TtlCache<unknown>;
  /** Collaborator roles, for a minute: a burst of comments costs one lookup per person. */
  roles: RoleCache;
}

/** What every issue handler needs, built once per event. */
export interface RepoContext {
  github: OctokitGitHub;
  repo: RepoRef;
  config: RepoConfig;
  roleOf: (login: string) => Promise<RepoRole>;
  botLogin: string;
}

/**
 * The repository's GitHub port, config and role lookup for an event, or null when Nightshift
 * is off there or its config is bad (config errors are reported by the session and on pull
 * requests, not on every event).
 */
export async function repoContext(
  context: RepoEventContext,
  botLogin: string,
  caches: HandlerCaches,
  onConfigError?: (error: ConfigError, github: OctokitGitHub) => Promise<void>,
): Promise<RepoContext | null> {
  const github = octokitGitHub(context.octokit);
  const repo = context.repo();
  let config: RepoConfig;
  try {
    const raw = await caches.configs.get(configCacheKey(repo), () =>
      github.readConfig(repo, REPO_CONFIG_PATH),
    );
    config = parseRepoConfig(raw);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    context.log.warn({ problems: error.problems }, "bad repository config; ignoring event");
    await onConfigError?.(error, github);
    return null;
  }
  if (!config.enabled) return null;
  return { github, repo, config, roleOf: caches.roles.lookup(github, repo, context.log), botLogin };
}

/** The config cache's key for a repository. */
export const configCacheKey = ({ owner, repo }: RepoRef): string => `${owner}/${repo}`;

/** Never trust event order: re-read the issue rather than using the payload's copy. */
export async function rereadIssue(
  context: RepoEventContext,
  github: Pick<GitHubPort, "getIssue">,
): Promise<IssueSnapshot> {
  const { issue } = await github.getIssue(context.repo(), context.payload.issue.number);
  return issue;
}
