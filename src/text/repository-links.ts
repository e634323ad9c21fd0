/**
 * Which links in agent output stay links: those into the repository itself on its GitHub
 * server, minus issue, pull request and discussion pages (a link there is a reference, which
 * could close the issue or write into its timeline). Anything else is shown, not linked.
 */

export interface RepositoryHome {
  repo: { owner: string; repo: string };
  /** The GitHub server's web address, such as `https://github.com` or a GHE host. */
  serverUrl: string;
}

const REFERENCE_PAGE = /^\/[^/]+\/[^/]+\/(?:issues|pull|pulls|discussions)\/\d+/i;

/** The link's absolute URL when it may stay a link, else undefined. */
export function repositoryLink(url: string, home: RepositoryHome): string | undefined {
  const root = `/${home.repo.owner}/${home.repo.repo}`;
  let server: URL;
  let target: URL;
  try {
    server = new URL(home.serverUrl);
    // Relative links resolve against the repository's page, as they would on GitHub.
    target = new URL(url, `${server.origin}${root}/`);
  } catch {
    return undefined;
  }
  const path = target.pathname.toLowerCase();
  const inRepository = path === root.toLowerCase() || path.startsWith(`${root.toLowerCase()}/`);
  const ok =
    target.origin === server.origin &&
    target.username === "" &&
    target.password === "" &&
    inRepository &&
    !REFERENCE_PAGE.test(target.pathname);
  return ok ? target.href : undefined;
}
