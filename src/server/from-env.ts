import { Probot, type ProbotOctokit } from "probot";
import type { Logger } from "pino";
import type { AppSecrets } from "../config/secrets.js";
import { DEFAULT_WEBHOOK_PATH } from "./start.js";

/** Where `npm start` listens: HOST (absent: every interface), PORT (3000), WEBHOOK_PATH. */
export function listenSettings(env: NodeJS.ProcessEnv): {
  host: string | undefined;
  port: number;
  webhookPath: string;
} {
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a port number, not "${env.PORT ?? ""}"`);
  }
  return {
    host: env.HOST || undefined,
    port,
    webhookPath: env.WEBHOOK_PATH || DEFAULT_WEBHOOK_PATH,
  };
}

/** github.com, or GitHub Enterprise Server (and the simulator) when GHE_HOST is set. */
export const apiBaseUrl = (env: NodeJS.ProcessEnv): string =>
  env.GHE_HOST
    ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3`
    : "https://api.github.com";

/**
 * Probot for the configured GitHub App, from the secrets `takeSecrets` took (never from
 * `process.env`). An App ID without a key is refused rather than guessed around.
 */
export function githubApp(
  secrets: AppSecrets & { appId: string },
  env: NodeJS.ProcessEnv,
  { Octokit, log }: { Octokit: typeof ProbotOctokit; log: Logger },
): Probot {
  if (secrets.privateKey === undefined) {
    throw new Error(
      "APP_ID is set but there is no private key: set PRIVATE_KEY or PRIVATE_KEY_PATH",
    );
  }
  return new Probot({
    appId: secrets.appId,
    privateKey: secrets.privateKey,
    secret: secrets.webhookSecret,
    baseUrl: apiBaseUrl(env),
    log,
    Octokit,
  });
}
