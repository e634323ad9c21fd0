import type { Logger } from "pino";
import { run, type ProbotOctokit, type Server } from "probot";
import { probotEnv, type AppSecrets } from "../config/secrets.js";

/**
 * Without an App ID, `npm start` serves Probot's own registration flow (create the GitHub App
 * from app.yml, write `.env`), as Probot does: no app is loaded then, so no agent runs. Not our
 * server: nothing there takes deliveries. Probot's `run()` is given the secrets as options, so
 * it never reads them from `process.env`.
 */
export async function startRegistration(options: {
  secrets: AppSecrets;
  Octokit: typeof ProbotOctokit;
  log: Logger;
  env: NodeJS.ProcessEnv;
}): Promise<Server> {
  const { secrets, Octokit, log, env } = options;
  return run(() => undefined, { env: probotEnv(secrets, env), Octokit, log });
}
