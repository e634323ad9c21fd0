import type { ApplicationFunction, Probot } from "probot";
import type { Octokit } from "./octokit/client.js";

type ProbotApp = Parameters<ApplicationFunction>[0];

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

/** The app's git identity when there is no installation to ask (nothing is pushed then). */
const UNINSTALLED_IDENTITY = {
  name: "nightshift[bot]",
  login: "nightshift[bot]",
  email: "nightshift[bot]@users.noreply.github.com",
};

/** `users.noreply.github.com`, or `users.noreply.<host>` on GitHub Enterprise Server. */
export function noreplyDomain(apiBaseUrl: string): string {
  const host = new URL(apiBaseUrl).hostname;
  return host === "api.github.com" ? "users.noreply.github.com" : `users.noreply.${host}`;
}

/**
 * The app's git identity, as GitHub shows commits by `<slug>[bot]`: the login from `GET /app`,
 * the noreply address from the bot user's id (asked with an installation's Octokit, since a
 * bare app JWT may not read users).
 */
export async function botIdentity(
  probot: Probot,
  installation: Octokit | undefined,
): Promise<{ name: string; email: string; login: string }> {
  if (installation === undefined) return UNINSTALLED_IDENTITY;
  const login = (await appBotLogin(await probot.auth())) ?? UNINSTALLED_IDENTITY.login;
  const { data: user } = await installation.rest.users.getByUsername({ username: login });
  const domain = noreplyDomain(installation.request.endpoint.DEFAULTS.baseUrl);
  return { name: login, login, email: `${user.id}+${login}@${domain}` };
}
