import type { RepoRef } from "../../types.js";

/** A repository and its contents: what it is, its config, a file or a branch at a commit. */
export interface RepoPort {
  getRepo(ref: RepoRef): Promise<RepoInfo>;
  /** The repository's Nightshift config (with Probot `_extends`), or null when absent. */
  readConfig(ref: RepoRef, path: string): Promise<unknown>;
  /** A file's text at a commit, or null when it is absent there. */
  readFileAt(ref: RepoRef, path: string, sha: string): Promise<string | null>;
  /** The commit a branch points at, or null when the branch does not exist. */
  getBranchHead(ref: RepoRef, branch: string): Promise<string | null>;
}

export interface RepoInfo extends RepoRef {
  defaultBranch: string;
  cloneUrl: string;
  archived: boolean;
}
