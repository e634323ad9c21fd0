import type { Probot } from "probot";
import type { HostConfig } from "../config/host-schema.js";
import type { QuotaProvider } from "../quota/ledger.js";
import type { ScheduledWork } from "../schedule/due.js";
import type { Journal } from "../store/journal.js";
import type { IsOwnerAlive } from "../store/owner.js";
import type { Clock, Logger } from "../types.js";
import type { CrashHook } from "./crash.js";
import { previewSession } from "./preview.js";
import { startSession } from "./start.js";
import { postWeekendPlans, postWeekendSummaries } from "./weekend.js";

export interface ScheduledWorkDeps {
  probot: Probot;
  host: HostConfig;
  quota: QuotaProvider;
  logger: Logger;
  journal: Journal;
  clock: Clock;
  ownerId?: string;
  isOwnerAlive?: IsOwnerAlive;
  crashAt?: CrashHook;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * What the scheduler's work items do, the way `npm start` wires them: the evening preview, a
 * cycle of the window's session (its id is the window's key), the window's report pass.
 */
export function scheduledWork(deps: ScheduledWorkDeps): (item: ScheduledWork) => Promise<void> {
  const { probot, host, quota, logger, journal, clock } = deps;
  const shared = {
    ...(deps.crashAt ? { crashAt: deps.crashAt } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  };
  const owner = {
    ...(deps.ownerId === undefined ? {} : { ownerId: deps.ownerId }),
    ...(deps.isOwnerAlive ? { isOwnerAlive: deps.isOwnerAlive } : {}),
  };
  return async (item) => {
    if (item.kind === "weekend") {
      const weekend = { probot, host, quota, logger, journal, now: clock.now() };
      if (item.phase === "plan") await postWeekendPlans(weekend, item);
      else await postWeekendSummaries(weekend, item);
      return;
    }
    const { occurrence } = item;
    if (item.kind === "preview") {
      await previewSession({
        probot,
        host,
        quota,
        logger,
        occurrence,
        now: clock.now(),
        journal,
        clock,
        ...shared,
      });
      return;
    }
    await startSession({
      probot,
      host,
      quota,
      logger,
      journal,
      clock,
      sessionId: occurrence.key,
      occurrence,
      report: item.kind === "report" ? "morning" : "progress",
      ...shared,
      ...owner,
    });
  };
}
