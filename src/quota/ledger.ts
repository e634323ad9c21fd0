import type { QuotaConfig } from "../config/host-schema.js";
import type { QuotaSnapshot } from "./thresholds.js";

export interface Spend {
  at: Date;
  amount: number;
}

/** A quota provider answers how much is left at a moment and records what runs spend. */
export interface QuotaProvider {
  snapshot(now: Date): Promise<QuotaSnapshot>;
  record(spend: Spend): Promise<void>;
}

/**
 * `budget`: N prompts per rolling window, counted from Nightshift's own ledger of spends.
 * `spends` is the durable history (the caller owns its storage).
 */
export function budgetProvider(
  config: { limit: number; windowHours: number },
  spends: Spend[] = [],
): QuotaProvider {
  const windowMs = config.windowHours * 3_600_000;
  return {
    snapshot(now) {
      const since = now.getTime() - windowMs;
      const used = spends
        .filter((s) => s.at.getTime() > since && s.at.getTime() <= now.getTime())
        .reduce((sum, s) => sum + s.amount, 0);
      return Promise.resolve({ limit: config.limit, remaining: Math.max(0, config.limit - used) });
    },
    record(spend) {
      spends.push(spend);
      return Promise.resolve();
    },
  };
}

export const unlimitedProvider: QuotaProvider = {
  snapshot: () => Promise.resolve({ limit: null, remaining: null }),
  record: () => Promise.resolve(),
};

export function quotaProviderFor(config: QuotaConfig, spends?: Spend[]): QuotaProvider {
  return config.provider === "budget" ? budgetProvider(config, spends) : unlimitedProvider;
}
