import type { ApplicationFunction, ProbotOctokit } from "probot";

type ProbotApp = Parameters<ApplicationFunction>[0];
type Octokit = InstanceType<typeof ProbotOctokit>;

/**
 * The one place the bot's identity is derived: GitHub shows an app's actions as `<slug>[bot]`,
 * and `GET /app` (with the app's JWT) names the slug. Null when GitHub gives no slug.
 */
export async function appBotLogin(appOctokit: Octokit): Promise<string | null> {
  const { data } = await appOctokit.rest.apps.getAuthenticated();
  return data?.slug ? `${data.slug}[bot]` : null;
}

/**
 * The app's bot login, asked once with the app's JWT and remembered. A failed lookup is not
 * remembered, so the next event asks again.
 */
export function botLoginOf(app: ProbotApp): () => Promise<string> {
  let login: Promise<string> | undefined;
  return () => {
    login ??= (async () => {
      const found = await appBotLogin(await app.auth());
      if (found === null) throw new Error("GET /app returned no slug");
      return found;
    })().catch((error: unknown) => {
      login = undefined;
      throw error;
    });
    return login;
  };
}
