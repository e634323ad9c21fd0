import type { RepoRef } from "../types.js";
import type { ActionsPort, GitHubPort } from "./port.js";

/** A repository the host serves, with the GitHub port of its installation. */
export interface RepoTarget {
  ref: RepoRef;
  github: GitHubPort;
  /** GitHub Actions for the `actions` backend (the same Octokit as `github`). */
  actions?: ActionsPort;
  /** The app's bot login (`<slug>[bot]`): only its status comments are trusted. */
  botLogin?: string;
}
