import type { QuotaProvider } from "./ledger.js";
import type { QuotaSnapshot } from "./thresholds.js";

import type { UsdQuotaConfig } from "../config/host-schema.js";

/** One run's spend: its estimate in prompts when it started, and its dollars once reported. */
export interface UsdSpend {
  runId: string;
  at: Date;
  prompts: number;
  /** Unset while the run goes on, or when its agent reports no cost. */
  usd?: number;
}

/** Where dollar spends are kept (a journal table in production). */
export interface UsdLedger {
  /** Spends started in (since, until], oldest first. */
  spendsBetween(since: Date, until: Date): UsdSpend[];
  /** A run started: the first record of a run counts, a repeat changes nothing. */
  recordStart(runId: string, at: Date, prompts: number): void;
  /** A run reported its cost: the figure replaces any estimate. */
  recordUsd(runId: string, usd: number): void;
}

/** A ledger in memory, for previews and tests. */
export function memoryUsdLedger(): UsdLedger {
  const spends = new Map<string, UsdSpend>();
  return {
    spendsBetween: (since, until) =>
      [...spends.values()]
        .filter((s) => s.at > since && s.at <= until)
        .sort((a, b) => a.at.getTime() - b.at.getTime())
        .map((s) => ({ ...s })),
    recordStart: (runId, at, prompts) => {
      if (!spends.has(runId)) spends.set(runId, { runId, at, prompts });
    },
    recordUsd: (runId, usd) => {
      const spend = spends.get(runId);
      if (spend) spend.usd = usd;
    },
  };
}

/** What the `usd` provider says is left: dollars, so reports can say so. */
export type UsdSnapshot = QuotaSnapshot & { unit: "usd" };

export interface UsdQuotaProvider extends QuotaProvider {
  snapshot(now: Date): Promise<UsdSnapshot>;
  /** A run finished: the dollars its agent reported replace its estimate (none: it stays). */
  settle(runId: string, usd: number | undefined): Promise<void>;
}

// Sums of cents drift in binary (0.1 + 0.2); a threshold compares against whole micro-dollars.
const toMicros = (usd: number): number => Math.round(usd * 1e6) / 1e6;

const usable = (usd: number | undefined): usd is number =>
  usd !== undefined && Number.isFinite(usd) && usd >= 0;

/**
 * `usd`: N dollars per rolling window, counted from what runs' agents reported, with
 * `estimateUsd` (the calibrated figure) for runs still going or whose agent reports no cost.
 * `limit` and `remaining` are dollars, so the priority thresholds, the safety buffer and a
 * task's cost are read in dollars too.
 */
export function usdProvider(
  config: Pick<UsdQuotaConfig, "limitUsd" | "windowHours">,
  ledger: UsdLedger,
  estimateUsd: (spend: UsdSpend) => number,
): UsdQuotaProvider {
  const windowMs = config.windowHours * 3_600_000;
  const dollarsOf = (spend: UsdSpend): number =>
    usable(spend.usd) ? spend.usd : Math.max(0, estimateUsd(spend));
  return {
    snapshot(now) {
      const spends = ledger.spendsBetween(new Date(now.getTime() - windowMs), now);
      const used = spends.reduce((sum, spend) => sum + dollarsOf(spend), 0);
      const oldest = spends[0];
      return Promise.resolve({
        unit: "usd",
        limit: config.limitUsd,
        remaining: Math.max(0, toMicros(config.limitUsd - used)),
        resetsAt: oldest ? new Date(oldest.at.getTime() + windowMs) : undefined,
      });
    },
    record(spend) {
      ledger.recordStart(spend.runId, spend.at, spend.amount);
      return Promise.resolve();
    },
    settle(runId, usd) {
      if (usable(usd)) ledger.recordUsd(runId, usd);
      return Promise.resolve();
    },
  };
}
