import type { Probot } from "probot";
import type { HostConfig } from "../config/host-schema.js";
import { botIdentity } from "../github/bot-login.js";
import type { QuotaProvider } from "../quota/ledger.js";
import type { RunDeps } from "../run/context.js";
import { createWorkspaces } from "../runner/workspace.js";
import type { Isolation } from "../sandbox/policy.js";
import { hostIsolation } from "../sandbox/probe.js";
import type { Journal } from "../store/journal.js";
import type { Clock, Logger } from "../types.js";
import { actionsEvents, type ActionsEvents } from "./actions-events.js";
import { ownership } from "./ownership.js";
import { sleep } from "../github/retry.js";

export interface ActionsAppOptions {
  probot: Probot;
  host: HostConfig;
  journal: Journal;
  quota: QuotaProvider;
  clock: Clock;
  logger: Logger;
  baseEnv?: NodeJS.ProcessEnv;
  isolation?: Isolation;
}

/**
 * The webhook side of runs on GitHub Actions, as `npm start` and the demo give it to the app:
 * the journal, the host's workspaces, and the bot's identity (asked once per process).
 */
export function actionsEventsFor(options: ActionsAppOptions): ActionsEvents {
  const { probot, host, logger } = options;
  const workspaces = createWorkspaces({ cacheDir: host.dataDir, logger });
  const runDeps = async (sessionId: string): Promise<RunDeps> => ({
    clock: options.clock,
    logger,
    host,
    sessionId,
    // Derived once per process (github/bot-login.ts): a session may have asked already.
    identity: await botIdentity(probot),
    baseEnv: options.baseEnv ?? process.env,
    isolation: options.isolation ?? (await hostIsolation(host.sandbox.mode)),
    prepareWorkspace: (input) => workspaces.prepare(input),
  });
  return actionsEvents({
    // The same owner id as this process's sessions (the data directory lock's under `npm start`).
    ...ownership(host.dataDir, {}),
    journal: options.journal,
    clock: options.clock,
    logger,
    host,
    quota: options.quota,
    runDeps,
    wait: sleep,
  });
}
