import type { RepoRef } from "../../types.js";

/** What git needs of GitHub to fetch and push: a token. */
export interface GitAccessPort {
  /**
   * A token that git may use to fetch and push this repository (an installation token).
   * `fresh`: mint a new one rather than reuse a cached one (long runs outlive a token's hour).
   * The token is the installation's, so `ref` may be left out where no repository is at hand.
   */
  gitToken(ref?: RepoRef, options?: { fresh?: boolean }): Promise<string>;
}
