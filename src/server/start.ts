import type { Logger } from "pino";
import { Probot, Server, run, type ApplicationFunction, type ProbotOctokit } from "probot";
import { probotEnv, type AppSecrets } from "../config/secrets.js";

export interface StartServerOptions {
  secrets: AppSecrets;
  Octokit: typeof ProbotOctokit;
  log: Logger;
  /** Where HOST, PORT, WEBHOOK_PATH, WEBHOOK_PROXY_URL and GHE_HOST are read from. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts Probot's server with the secrets passed as options. Not Probot's `run()`: it loads
 * `.env` into `process.env` again, which would undo `takeSecrets`. Without an App ID the server
 * is Probot's registration flow (`run()` after all): no app is loaded then, so no agent runs.
 */
export async function startServer(
  appFn: ApplicationFunction,
  options: StartServerOptions,
): Promise<Server> {
  const { secrets, Octokit, log, env = process.env } = options;
  if (secrets.appId === undefined)
    return run(appFn, { env: probotEnv(secrets, env), Octokit, log });
  if (secrets.privateKey === undefined) {
    throw new Error(
      "APP_ID is set but there is no private key: set PRIVATE_KEY or PRIVATE_KEY_PATH",
    );
  }
  const server = new Server({
    host: env.HOST,
    port: Number(env.PORT) || 3000,
    webhookPath: env.WEBHOOK_PATH,
    webhookProxy: env.WEBHOOK_PROXY_URL,
    log,
    Probot: Probot.defaults({
      appId: secrets.appId,
      privateKey: secrets.privateKey,
      secret: secrets.webhookSecret,
      baseUrl: env.GHE_HOST
        ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3`
        : "https://api.github.com",
      log,
      Octokit,
    }),
  });
  await server.load(appFn);
  await server.start();
  return server;
}
