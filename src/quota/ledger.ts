import type { QuotaConfig } from "../config/host-schema.js";
import { httpProvider, type HttpQuotaDeps } from "./http.js";
import type { QuotaSnapshot } from "./thresholds.js";
import { usdProvider, type UsdLedger, type UsdSpend } from "./usd.js";

export interface Spend {
  /** The run that spent it: a run's spend is counted once, however often it is recorded. */
  runId: string;
  at: Date;
  amount: number;
}

/** A quota provider answers how much is left at a moment and records what runs spend. */
export interface QuotaProvider {
  snapshot(now: Date): Promise<QuotaSnapshot>;
  record(spend: Spend): Promise<void>;
  /** A run finished and its agent reported `usd` (or nothing): the `usd` provider counts it. */
  settle?(runId: string, usd: number | undefined): Promise<void>;
}

/** Where spends are kept: the journal in production (`Journal` satisfies this). */
export interface SpendLedger {
  spendBetween(since: Date, until: Date): { at: Date; amount: number }[];
  recordSpend(runId: string, at: Date, amount: number): void;
}

/** Both ledgers the providers read: the journal is one, and so is `memoryLedger()`. */
export type QuotaLedger = SpendLedger & UsdLedger;

/** A ledger in memory, for `plan` previews and tests: nothing survives the process. */
export function memoryLedger(): QuotaLedger {
  const spends = new Map<string, UsdSpend>();
  const between = (since: Date, until: Date) =>
    [...spends.values()]
      .filter((s) => s.at > since && s.at <= until)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  const recordSpend = (runId: string, at: Date, amount: number) => {
    if (!spends.has(runId)) spends.set(runId, { runId, at, prompts: amount });
  };
  return {
    spendBetween: (since, until) =>
      between(since, until).map((s) => ({ at: s.at, amount: s.prompts })),
    recordSpend,
    spendsBetween: (since, until) => between(since, until).map((s) => ({ ...s })),
    recordStart: recordSpend,
    recordUsd: (runId, usd) => {
      const spend = spends.get(runId);
      if (spend) spend.usd = usd;
    },
  };
}

/**
 * `budget`: N prompts per rolling window, counted from the ledger. `resetsAt` is when the
 * oldest spend in the window drops out, i.e. when more quota frees up.
 */
export function budgetProvider(
  config: { limit: number; windowHours: number },
  ledger: SpendLedger,
): QuotaProvider {
  const windowMs = config.windowHours * 3_600_000;
  return {
    snapshot(now) {
      const spends = ledger.spendBetween(new Date(now.getTime() - windowMs), now);
      const used = spends.reduce((sum, s) => sum + s.amount, 0);
      const oldest = spends[0];
      return Promise.resolve({
        unit: "prompts",
        limit: config.limit,
        remaining: Math.max(0, config.limit - used),
        resetsAt: oldest ? new Date(oldest.at.getTime() + windowMs) : undefined,
      });
    },
    record(spend) {
      ledger.recordSpend(spend.runId, spend.at, spend.amount);
      return Promise.resolve();
    },
  };
}

export const unlimitedProvider: QuotaProvider = {
  snapshot: () => Promise.resolve({ unit: "prompts", limit: null, remaining: null }),
  record: () => Promise.resolve(),
};

/**
 * The `usd` provider's figure for a run with no reported cost: the estimate it started with,
 * which under `usd` is in dollars already (the calibrated figure, else the label or category
 * default read as dollars; docs/learning.md).
 */
export const startEstimate = (spend: UsdSpend): number => spend.prompts;

/**
 * The provider the host config names. `budget` and `usd` count from `ledger` (pass the
 * journal; the in-memory default forgets across restarts), `http` asks an endpoint.
 */
export function quotaProviderFor(
  config: QuotaConfig,
  ledger: QuotaLedger = memoryLedger(),
  httpDeps: Partial<HttpQuotaDeps> = {},
): QuotaProvider {
  switch (config.provider) {
    case "budget":
      return budgetProvider(config, ledger);
    case "usd":
      return usdProvider(config, ledger, startEstimate);
    case "http":
      return httpProvider(config, ledger, {
        fetch: httpDeps.fetch ?? globalThis.fetch,
        env: httpDeps.env ?? process.env,
      });
    case "none":
      return unlimitedProvider;
  }
}
