import { randomUUID } from "node:crypto";
import type { Probot } from "probot";
import type { HostConfig } from "../config/host-schema.js";
import { botIdentity, listInstallations } from "../github/installations.js";
import { readHost } from "../health/preflight.js";
import type { QuotaProvider } from "../quota/ledger.js";
import { createWorkspaces } from "../runner/workspace.js";
import { systemClock, type Clock, type Logger } from "../types.js";
import type { SessionOutcome } from "./outcome.js";
import { hostGuard } from "./host-guard.js";
import { runSession } from "./session.js";
import { mkdir } from "node:fs/promises";

export interface StartOptions {
  probot: Probot;
  host: HostConfig;
  quota: QuotaProvider;
  logger: Logger;
  clock?: Clock;
  /** The environment agents may draw their allow-listed variables from. */
  baseEnv?: NodeJS.ProcessEnv;
}

/** A short, sortable session id: UTC date and time plus a random suffix. */
export function newSessionId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").slice(0, 13);
  return `${stamp}-${randomUUID().slice(0, 6)}`;
}

/** The shell around a session: resolves installations, identity and workspaces, then runs it. */
export async function startSession(options: StartOptions): Promise<SessionOutcome> {
  const clock = options.clock ?? systemClock;
  const { host } = options;
  await mkdir(host.dataDir, { recursive: true });
  const workspaces = createWorkspaces({ cacheDir: host.dataDir, logger: options.logger });
  await workspaces.sweep(clock.now(), host.keepFailedWorkspacesHours * 3_600_000);
  const { targets, anyInstallation } = await listInstallations(options.probot);
  // Without an installation there is nothing to run on, and no identity is needed.
  const identity = anyInstallation
    ? await botIdentity(options.probot, anyInstallation)
    : { name: "nightshift[bot]", email: "nightshift[bot]@users.noreply.github.com" };
  return runSession({
    clock,
    logger: options.logger,
    host,
    targets,
    quota: options.quota,
    sessionId: newSessionId(clock.now()),
    identity,
    baseEnv: options.baseEnv ?? process.env,
    prepareWorkspace: (input) => workspaces.prepare(input),
    readHost: () => readHost(host.dataDir),
    checkHost: hostGuard(() => readHost(host.dataDir)),
  });
}
