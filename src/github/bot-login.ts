import type { Probot } from "probot";
import type { Octokit } from "./octokit/client.js";

/** The app's commit identity: GitHub shows commits by `<slug>[bot]` with this noreply email. */
export interface BotGitIdentity {
  name: string;
  email: string;
}

/** Before any installation can say the bot's user id: a valid identity without one. */
export const FALLBACK_IDENTITY: BotGitIdentity = {
  name: "nightshift[bot]",
  email: "nightshift[bot]@users.noreply.github.com",
};

/**
 * The one place the bot's identity is derived: GitHub shows an app's actions as `<slug>[bot]`,
 * and `GET /app` (with the app's JWT) names the slug. Null when GitHub gives no slug.
 */
export async function appBotLogin(appOctokit: Octokit): Promise<string | null> {
  const { data } = await appOctokit.rest.apps.getAuthenticated();
  return data?.slug ? `${data.slug}[bot]` : null;
}

// Per app (one per process): its sessions, webhooks and previews all ask, the answer never changes.
const logins = new WeakMap<Probot, Promise<string | null>>();
const identities = new WeakMap<Probot, Promise<BotGitIdentity>>();

/** Remembers `ask()`'s answer for `app`; a failure (or nothing found) is forgotten, to ask again. */
function once<T>(
  cache: WeakMap<Probot, Promise<T>>,
  app: Probot,
  ask: () => Promise<T>,
  found: (value: T) => boolean,
): Promise<T> {
  const known = cache.get(app);
  if (known) return known;
  const asked = ask();
  cache.set(app, asked);
  asked.then(
    (value) => {
      if (!found(value)) cache.delete(app);
    },
    () => cache.delete(app),
  );
  return asked;
}

/** The app's bot login, asked once per process (`GET /app`); null when GitHub gives no slug. */
export function botLoginOnce(app: Probot): Promise<string | null> {
  return once(
    logins,
    app,
    async () => appBotLogin(await app.auth()),
    (login) => login !== null,
  );
}

/** The app's bot login for handlers, which need one: throws (and asks again next time) without it. */
export function botLoginOf(app: Probot): () => Promise<string> {
  return async () => {
    const found = await botLoginOnce(app);
    if (found === null) throw new Error("GET /app returned no slug");
    return found;
  };
}

/** `users.noreply.github.com`, or `users.noreply.<host>` on GitHub Enterprise Server. */
export function noreplyDomain(apiBaseUrl: string): string {
  const host = new URL(apiBaseUrl).hostname;
  return host === "api.github.com" ? "users.noreply.github.com" : `users.noreply.${host}`;
}

/** Any installation's Octokit: GitHub refuses `GET /users/…` to the app's JWT. */
async function someInstallation(app: Probot): Promise<Octokit | undefined> {
  const appOctokit = await app.auth();
  const { data } = await appOctokit.rest.apps.listInstallations({ per_page: 100 });
  const installation = data.find((candidate) => !candidate.suspended_at);
  return installation && app.auth(installation.id);
}

/**
 * The app's git identity, derived once per process: the login from `GET /app`, the email from
 * the bot user's id (`GET /users/{login}`, through `installation` or any installation). Without
 * an installation there is nothing to commit to, and the fallback (not remembered) serves.
 */
export function botIdentity(app: Probot, installation?: Octokit): Promise<BotGitIdentity> {
  return once(
    identities,
    app,
    async () => {
      const octokit = installation ?? (await someInstallation(app));
      if (octokit === undefined) return FALLBACK_IDENTITY;
      const login = (await botLoginOnce(app)) ?? FALLBACK_IDENTITY.name;
      const { data: user } = await octokit.rest.users.getByUsername({ username: login });
      const domain = noreplyDomain(octokit.request.endpoint.DEFAULTS.baseUrl);
      return { name: login, email: `${user.id}+${login}@${domain}` };
    },
    (identity) => identity.email !== FALLBACK_IDENTITY.email,
  );
}
