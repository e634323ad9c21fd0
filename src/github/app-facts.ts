import { Octokit } from "@octokit/rest";
import { appJwt, parsePrivateKey } from "./app-jwt.js";

/** An installation of the app, as the installations list shows it. */
export interface InstallationFacts {
  account: string;
  permissions: Record<string, string>;
  suspended: boolean;
}

/** What GitHub says about the app, asked with its own JWT, or where asking failed. */
export type AppFacts =
  | {
      ok: true;
      id: number;
      slug: string;
      name: string;
      permissions: Record<string, string>;
      events: string[];
      installations: InstallationFacts[];
    }
  | { ok: false; stage: "key" | "app" | "installations"; problem: string };

/** The REST base of github.com or of the GitHub Enterprise Server `GHE_HOST` names. */
export const apiBaseUrl = (env: NodeJS.ProcessEnv): string =>
  env.GHE_HOST
    ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3`
    : "https://api.github.com";

const describeError = (error: unknown): string => {
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message : String(error);
  return typeof status === "number" ? `HTTP ${status}: ${message}` : message;
};

/** A user's login or an enterprise's name. */
const accountName = (account: unknown): string | undefined => {
  if (account === null || typeof account !== "object") return undefined;
  const { login, name } = account as { login?: unknown; name?: unknown };
  return typeof login === "string" ? login : typeof name === "string" ? name : undefined;
};

const strings = (record: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record ?? {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );

/**
 * Proves the credentials: signs an app JWT with the key, then asks `GET /app` (who the app is,
 * what it was granted, which events it receives) and the installations list.
 */
export async function fetchAppFacts(options: {
  appId: string;
  privateKey: string;
  baseUrl: string;
  now: Date;
}): Promise<AppFacts> {
  const parsed = parsePrivateKey(options.privateKey);
  if (!parsed.ok) return { ok: false, stage: "key", problem: parsed.problem };
  const octokit = new Octokit({
    auth: appJwt(options.appId, parsed.key, options.now),
    baseUrl: options.baseUrl,
    userAgent: "nightshift-doctor",
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  });
  let app;
  try {
    ({ data: app } = await octokit.rest.apps.getAuthenticated());
  } catch (error) {
    return { ok: false, stage: "app", problem: describeError(error) };
  }
  if (!app) return { ok: false, stage: "app", problem: "GitHub answered GET /app with no app" };
  try {
    const installations = await octokit.paginate(octokit.rest.apps.listInstallations, {
      per_page: 100,
    });
    return {
      ok: true,
      id: app.id,
      slug: app.slug ?? "",
      name: app.name,
      permissions: strings(app.permissions),
      events: app.events,
      installations: installations.map((installation) => ({
        account: accountName(installation.account) ?? String(installation.id),
        permissions: strings(installation.permissions),
        suspended: Boolean(installation.suspended_at),
      })),
    };
  } catch (error) {
    return { ok: false, stage: "installations", problem: describeError(error) };
  }
}
