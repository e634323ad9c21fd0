import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import type { Probot } from "probot";
import type { HostConfig } from "../config/host-schema.js";
import { botIdentity, FALLBACK_IDENTITY } from "../github/bot-login.js";
import { listInstallations } from "../github/installations.js";
import { applySafeFixes } from "../health/fixes.js";
import { constraintProblems, keepAwake, onPath } from "../health/host-constraints.js";
import { readHost } from "../health/preflight.js";
import { DEFAULT_SIZE_LIMITS, readDataSizes, sizeWarnings } from "../health/sizes.js";
import { quotaProviderFor, type QuotaProvider } from "../quota/ledger.js";
import { SAFE_PATH } from "../runner/safe-path.js";
import { createWorkspaces } from "../runner/workspace.js";
import type { Isolation } from "../sandbox/policy.js";
import { hostIsolation } from "../sandbox/probe.js";
import type { Occurrence } from "../schedule/window.js";
import { Journal } from "../store/journal.js";
import type { IsOwnerAlive } from "../store/owner.js";
import { systemClock, type Clock, type Logger } from "../types.js";
import { noCrash, type CrashHook } from "./crash.js";
import type { SessionOutcome } from "../report/outcome.js";
import { hostGuard } from "./host-guard.js";
import { ownership } from "./ownership.js";
import { reportPass } from "./report-pass.js";
import { sleep } from "../github/retry.js";
import { reconcileActions } from "./actions-reconcile.js";
import { actionsNightOf, runSession, type SessionDeps } from "./session.js";
import { sessionFromJournal } from "./session-outcome.js";

export interface StartOptions {
  probot: Probot;
  host: HostConfig;
  /** Defaults to the host config's provider, counting spend in the journal. */
  quota?: QuotaProvider;
  logger: Logger;
  clock?: Clock;
  /** The environment agents may draw their allowlisted variables from. */
  baseEnv?: NodeJS.ProcessEnv;
  /** The journal to use; by default the one in the host's data directory (opened and closed here). */
  journal?: Journal;
  /** A fixed session id: a scheduled session's window key, or a restarted session's. */
  sessionId?: string;
  occurrence?: Occurrence;
  /**
   * `progress`: a cycle of the window. `morning` with an occurrence: the window's report pass
   * (nothing planned or run; the report is told from the journal). `morning` without one
   * (`run --now`, the default): a whole session, its report right after its runs.
   */
  report?: "morning" | "progress";
  crashAt?: CrashHook;
  /** The host's isolation; probed (once per process) when absent. */
  isolation?: Isolation;
  /**
   * Who this process is (store/owner.ts), written on its runs and claims; by default the data
   * directory lock's id when this process holds it, else `host:pid:startedAt` (ownership.ts).
   */
  ownerId?: string;
  /** Whether an owner id's process still runs; recovery touches only what the dead left. */
  isOwnerAlive?: IsOwnerAlive;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** At most one progress edit per repository this often (default a minute). */
  progressIntervalMs?: number;
  /** How often `run --now` asks GitHub about its runs on Actions while it waits. */
  actionsPollMs?: number;
  /** Tests only: the bot is killed after GitHub took a dispatch, before the journal heard. */
  crashAfterDispatch?: () => void;
}

/** How long the report pass tries a refused report again. */
const REPORT_RETRY_MS = 30 * 60_000;

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
  const journal = options.journal ?? Journal.open(host.dataDir);
  const release = host.constraints.keepAwake
    ? keepAwake({
        systemdInhibit: onPath("systemd-inhibit", SAFE_PATH),
        caffeinate: onPath("caffeinate", SAFE_PATH),
      })
    : () => undefined;
  try {
    const sessionId = options.sessionId ?? newSessionId(clock.now());
    const { ownerId, isOwnerAlive } = ownership(host.dataDir, options);
    const finished = journal.session(sessionId);
    // A session whose morning report is out is over: a restart only hands back its outcome.
    if (finished?.finishedAt && options.report !== "progress") {
      return sessionFromJournal(journal, sessionId, { now: clock.now() });
    }
    const workspaces = createWorkspaces({ cacheDir: host.dataDir, logger: options.logger });
    const { targets, anyInstallation } = await listInstallations(options.probot);
    // Without an installation there is nothing to run on, and no identity is needed.
    const identity = anyInstallation
      ? await botIdentity(options.probot, anyInstallation)
      : FALLBACK_IDENTITY;
    const quota = options.quota ?? quotaProviderFor(host.quota, journal);
    const sessionDeps: SessionDeps = {
      clock,
      logger: options.logger,
      host,
      targets,
      quota,
      sessionId,
      identity,
      baseEnv: options.baseEnv ?? process.env,
      isolation: options.isolation ?? (await hostIsolation(host.sandbox.mode)),
      prepareWorkspace: (input) => workspaces.prepare(input),
      readHost: () => readHost(host.dataDir),
      checkHost: hostGuard(() => readHost(host.dataDir)),
      sizeWarnings: async () =>
        sizeWarnings(await readDataSizes(host.dataDir), DEFAULT_SIZE_LIMITS),
      fixHost: () => applySafeFixes(host.dataDir, clock.now()),
      constraintProblems: () => constraintProblems(host.constraints),
      journal,
      ownerId,
      isOwnerAlive,
      occurrence: options.occurrence,
      report: options.report,
      crashAt: options.crashAt,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.progressIntervalMs === undefined
        ? {}
        : { progressIntervalMs: options.progressIntervalMs }),
      ...(options.actionsPollMs === undefined ? {} : { actionsPollMs: options.actionsPollMs }),
      ...(options.crashAfterDispatch ? { crashAfterDispatch: options.crashAfterDispatch } : {}),
    };
    if (options.occurrence && (options.report ?? "morning") === "morning") {
      const logger = options.logger.child({ session: sessionId });
      return await reportPass(sessionId, options.occurrence.key, targets, {
        journal,
        clock,
        logger,
        quota,
        crashAt: options.crashAt ?? noCrash,
        ownerId,
        isOwnerAlive,
        sleep: options.sleep ?? sleep,
        random: options.random ?? Math.random,
        deadline: new Date(clock.now().getTime() + REPORT_RETRY_MS),
        timeZone: options.occurrence.window.timezone,
        reconcileActions: () => reconcileActions(actionsNightOf(sessionDeps, logger)),
      });
    }
    await workspaces.sweep(clock.now(), host.keepFailedWorkspacesHours * 3_600_000);
    return await runSession(sessionDeps);
  } finally {
    release();
    if (!options.journal) journal.close();
  }
}
