import type { QuotaConfig } from "../config/host-schema.js";
import { httpProvider, type HttpQuotaDeps } from "./http.js";
import type { QuotaSnapshot } from "./thresholds.js";

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
}

/** Where spends are kept: the journal in production (`Journal` satisfies this). */
export interface SpendLedger {
  spendBetween(since: Date, until: Date): { at: Date; amount: number }[];
  recordSpend(runId: string, at: Date, amount: number): void;
}

/** A ledger in memory, for `plan` previews and tests: nothing survives the process. */
export function memoryLedger(): SpendLedger {
  const spends = new Map<string, { at: Date; amount: number }>();
  return {
    spendBetween: (since, until) =>
      [...spends.values()]
        .filter((s) => s.at > since && s.at <= until)
        .sort((a, b) => a.at.getTime() - b.at.getTime()),
    recordSpend: (runId, at, amount) => {
      if (!spends.has(runId)) spends.set(runId, { at, amount });
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
  snapshot: () => Promise.resolve({ limit: null, remaining: null }),
  record: () => Promise.resolve(),
};

/**
 * The provider the host config names. `budget` counts from `ledger` (pass the journal; the
 * in-memory default forgets across restarts), `http` asks an endpoint.
 */
export function quotaProviderFor(
  config: QuotaConfig,
  ledger: SpendLedger = memoryLedger(),
  httpDeps: Partial<HttpQuotaDeps> = {},
): QuotaProvider {
  switch (config.provider) {
    case "budget":
      return budgetProvider(config, ledger);
    case "http":
      return httpProvider(config, ledger, {
        fetch: httpDeps.fetch ?? globalThis.fetch,
        env: httpDeps.env ?? process.env,
      });
    case "none":
      return unlimitedProvider;
  }
}
