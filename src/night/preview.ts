import type { Probot } from "probot";
import type { HostConfig } from "../config/host-schema.js";
import { listInstallations } from "../github/installations.js";
import type { QuotaProvider } from "../quota/ledger.js";
import { postPreviews } from "../report/post-preview.js";
import type { Isolation } from "../sandbox/policy.js";
import { describeIsolation, hostIsolation } from "../sandbox/probe.js";
import type { Occurrence } from "../schedule/window.js";
import type { Logger } from "../types.js";
import { narrowPlan } from "./narrow.js";
import { planSession, type SessionPlan } from "./plan.js";

/**
 * The evening preview: what the session opening at `occurrence` would run if it started now
 * (as the window sees it at its opening), posted to each repository's report issue.
 */
export async function previewSession(options: {
  probot: Probot;
  host: HostConfig;
  quota: QuotaProvider;
  logger: Logger;
  /** The host's isolation; probed when absent. */
  isolation?: Isolation;
  /** The night previewed; without one (the demo, `run --now`) the session opens at `now`. */
  occurrence?: Occurrence;
  now: Date;
}): Promise<SessionPlan> {
  const opensAt = options.occurrence?.opensAt ?? options.now;
  const { targets } = await listInstallations(options.probot);
  const quota = await options.quota.snapshot(options.now);
  const plan = await planSession(targets, quota, options.host, options.logger);
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
  await postPreviews(plan, key, opensAt, options.logger, notice);
  return plan;
}
