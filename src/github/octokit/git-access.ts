import type { GitAccessPort } from "../port/git-access.js";
import type { Octokit } from "./client.js";

/**
 * A git token is reused while more than this is left of it: enough for a fetch and a push of a
 * large change (installation tokens live an hour).
 */
const TOKEN_MARGIN_MS = 15 * 60_000;

/**
 * Git tokens over an installation's Octokit. `installationId` lets `gitToken({ fresh: true })`
 * mint a new token; without it a fresh token is asked of the auth hook like any other.
 */
export function octokitGitAccess(octokit: Octokit, installationId?: number): GitAccessPort {
  /** The last installation token handed out, with when GitHub said it expires. */
  let lastToken: { value: string; expiresAt: number } | undefined;
  return {
    async gitToken(_ref, options = {}) {
      if (options.fresh === true && installationId !== undefined) {
        // Through the Octokit's own request (its hook signs app routes with the app's JWT), so
        // the configured base URL applies; `auth({ refresh: true })` would use auth-app's default host.
        const { data } = await octokit.rest.apps.createInstallationAccessToken({
          installation_id: installationId,
        });
        return data.token;
      }
      // A token with more than TOKEN_MARGIN_MS left is handed out again: no request at all.
      if (lastToken && lastToken.expiresAt - Date.now() > TOKEN_MARGIN_MS) {
        return lastToken.value;
      }
      // Probot builds the app auth strategy without the API base URL, so asking it for a token
      // before any request would mint one at api.github.com even on GHE. A request through the
      // auth hook mints (or reuses) the token at the right host and caches it for `auth()`.
      await octokit.rest.apps.listReposAccessibleToInstallation({ per_page: 1 });
      const auth: unknown = await octokit.auth({ type: "installation" });
      if (
        typeof auth === "object" &&
        auth !== null &&
        "token" in auth &&
        typeof auth.token === "string"
      ) {
        const expiresAt =
          "expiresAt" in auth && typeof auth.expiresAt === "string"
            ? Date.parse(auth.expiresAt)
            : NaN;
        // Without a known expiry the token is not kept: the next push asks again.
        lastToken = Number.isFinite(expiresAt) ? { value: auth.token, expiresAt } : undefined;
        return auth.token;
      }
      throw new Error("the installation Octokit did not yield a token");
    },
  };
}
