import type { ApplicationFunction } from "probot";

type ProbotApp = Parameters<ApplicationFunction>[0];

/**
 * The app's bot login (`<slug>[bot]`), asked once with the app's JWT and remembered. A failed
 * lookup is not remembered, so the next event asks again.
 */
export function botLoginOf(app: ProbotApp): () => Promise<string> {
  let login: Promise<string> | undefined;
  return () => {
    login ??= (async () => {
      const octokit = await app.auth();
      const { data } = await octokit.rest.apps.getAuthenticated();
      if (!data?.slug) throw new Error("GET /app returned no slug");
      return `${data.slug}[bot]`;
    })().catch((error: unknown) => {
      login = undefined;
      throw error;
    });
    return login;
  };
}
