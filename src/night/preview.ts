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
import { REPO_CONFIG_PATH } from "../config/load.js";
import type { RepoTarget } from "../github/target.js";
import { onceEach } from "./once-each.js";
import { admitUntilDone } from "./until-done-plan.js";
import { untilDonePreview } from "./until-done-view.js";

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
    const plan = await previewPlan(targets, quota, journal, options);
    await postPlan(plan, opensAt, journal, options);
    return plan;
  } finally {
    if (!options.journal) journal.close();
  }
}

/**
 * The plan a preview shows, as the window's opening would see it. Until-done targets steer it
 * as they steer a cycle (working ones first within their allowance, paused or capped ones
 * held), read without their pass's writes: no resume reacted to, no check run, no status.
 */
export async function previewPlan(
  targets: readonly RepoTarget[],
  quota: QuotaSnapshot,
  journal: Pick<Journal, "untilDone" | "getRun" | "repeats" | "learned">,
  options: Pick<PreviewOptions, "host" | "logger" | "occurrence" | "now">,
): Promise<SessionPlan> {
  const { host, logger, occurrence, now } = options;
  const opensAt = occurrence?.opensAt ?? now;
  // One read of each repository's config, shared by the until-done pass and planning.
  const readConfig = onceEach((target: RepoTarget) =>
    target.github.readConfig(target.ref, REPO_CONFIG_PATH),
  );
  const untilDone = await untilDonePreview({ host, logger, journal, targets, readConfig }, opensAt);
  const plan = await planSession(targets, quota, host, logger, {
    syncStatus: true,
    recurring: recurringMoment(host, now, occurrence),
    adoptedRecurring: (repo) => journal.repeats.adopted(repo),
    calibration: calibrationFor(host, journal),
    runFirst: untilDone.first,
    hold: untilDone.hold,
    readConfig,
  });
  narrowPlan(plan, {
    now: opensAt,
    quota,
    occurrence,
    sessionCap: host.sessionCapPrompts,
    spentThisSession: 0,
  });
  return admitUntilDone(plan, untilDone);
}

/** The plan, narrowed to the window's opening, posted on each repository's report issue. */
async function postPlan(
  plan: SessionPlan,
  opensAt: Date,
  journal: Journal,
  options: PreviewOptions,
): Promise<void> {
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
