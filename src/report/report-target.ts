import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort } from "../github/port.js";
import type { RepoRef } from "../types.js";

/** Where a repository's comments go: its port and the config that names its labels. */
export interface ReportTarget {
  ref: RepoRef;
  github: GitHubPort;
  config: RepoConfig;
}
