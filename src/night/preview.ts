import type { Probot } from "probot";
import type { HostConfig } from "../config/host-schema.js";
import { listInstallations } from "../github/installations.js";
import type { QuotaProvider } from "../quota/ledger.js";
import { postPreviews } from "../report/post-preview.js";
import type { Isolation } from "../sandbox/policy.js";
import { describeIsolation, hostIsolation } from "../sandbox/probe.js";
import type { Occurrence } from "../schedule/window.js";
import { Journal } from "../store/journal.js";
import { systemClock, type Clock, type Logger } from "../types.js";
import { noCrash, type CrashHook } from "./crash.js";
import type { QuotaSnapshot } from "../quota/thresholds.js";
import { calibrationFor } from "./calibration.js";
import { narrowPlan } from "./narrow.js";
import { planSession } from "./plan.js";
import type { SessionPlan } from "../queue/plan-types.js";
import { sleep } from "../github/retry.js";
import { recurringMoment } from "./recurring.js";

export interface PreviewOptions {
  probot: Probot;
  host: HostConfig;
  quota: QuotaProvider;
  logger: Logger;
  /** The host's isolation; probed when absent. */
  isolation?: Isolation;
  /** The night previewed; without one (the demo, `run --now`) the session opens at `now`. */
  occurrence?: Occurrence;
  now: Date;
  journal?: Journal;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  crashAt?: CrashHook;
}

/**
 * The evening preview: what the session opening at `occurrence` would run if it started now
 * (as the window sees it at its opening), posted to each repository's report issue. A preview
 * GitHub keeps refusing is tried again until the window opens, then recorded as lost in the
 * journal (the host's, unless one is given) and mentioned in the next comment.
 */
export async function previewSession(options: PreviewOptions): Promise<SessionPlan> {
  const opensAt = options.occurrence?.opensAt ?? options.now;
  const { targets } = await listInstallations(options.probot);
  const quota = await options.quota.snapshot(options.now);
  const journal = options.journal ?? Journal.open(options.host.dataDir);
  try {
    const plan = await planSession(targets, quota, options.host, options.logger, {
      syncStatus: true,
      recurring: recurringMoment(options.host, options.now, options.occurrence),
      adoptedRecurring: (repo) => journal.repeats.adopted(repo),
      calibration: calibrationFor(options.host, journal),
    });
    await postPlan(plan, quota, opensAt, journal, options);
    return plan;
  } finally {
    if (!options.journal) journal.close();
  }
}

/** The plan narrowed to the window's opening, posted on each repository's report issue. */
async function postPlan(
  plan: SessionPlan,
  quota: QuotaSnapshot,
  opensAt: Date,
  journal: Journal,
  options: PreviewOptions,
): Promise<void> {
  narrowPlan(plan, {
    now: opensAt,
    quota,
    occurrence: options.occurrence,
    sessionCap: options.host.sessionCapPrompts,
    spentThisSession: 0,
  });
  const key = options.occurrence?.key ?? `now@${options.now.toISOString()}`;
  // Runs without a sandbox are said in every preview, whether opted out or unavailable.
  const isolation = options.isolation ?? (await hostIsolation(options.host.sandbox.mode));
  const notice = isolation.level === "bubblewrap" ? undefined : describeIsolation(isolation);
  (options.crashAt ?? noCrash)("before-preview");
  await postPreviews(
    plan,
    key,
    opensAt,
    {
      logger: options.logger,
      clock: options.clock ?? systemClock,
      sleep: options.sleep ?? sleep,
      random: options.random ?? Math.random,
      journal,
    },
    notice,
  );
}
