import type { QuotaConfig } from "../config/host-schema.js";
import { readJsonPath } from "./json-path.js";
import type { QuotaProvider, SpendLedger } from "./ledger.js";
import type { QuotaSnapshot } from "./thresholds.js";

type HttpConfig = Extract<QuotaConfig, { provider: "http" }>;

export interface HttpQuotaDeps {
  fetch: typeof globalThis.fetch;
  /** Where header values come from: the config names variables, never secrets. */
  env: NodeJS.ProcessEnv;
}

async function ask(config: HttpConfig, deps: HttpQuotaDeps): Promise<number> {
  const headers: Record<string, string> = { accept: "application/json" };
  for (const [name, variable] of Object.entries(config.headersFromEnv)) {
    const value = deps.env[variable];
    if (value === undefined) throw new Error(`environment variable ${variable} is not set`);
    headers[name] = value;
  }
  const response = await deps.fetch(config.url, {
    headers,
    signal: AbortSignal.timeout(config.timeoutMs),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body: unknown = await response.json();
  const found = readJsonPath(body, config.remainingPath);
  const remaining = typeof found === "string" ? Number(found) : found;
  if (typeof remaining !== "number" || !Number.isFinite(remaining)) {
    throw new Error(`no number at "${config.remainingPath}" in the answer`);
  }
  return remaining;
}

/**
 * `http`: GET an endpoint that says how many prompts remain. When it cannot be asked or its
 * answer makes no sense, the quota is "unknown": only critical work runs, and `unknown` says why
 * for the report. Spends still go to the ledger, so the report can show what the night used.
 */
export function httpProvider(
  config: HttpConfig,
  ledger: SpendLedger,
  deps: HttpQuotaDeps,
): QuotaProvider {
  return {
    async snapshot(): Promise<QuotaSnapshot> {
      try {
        return { unit: "prompts", limit: config.limit, remaining: await ask(config, deps) };
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return {
          unit: "prompts",
          limit: config.limit,
          remaining: null,
          unknown: `quota endpoint ${new URL(config.url).host} failed: ${why}`,
        };
      }
    },
    record(spend) {
      ledger.recordSpend(spend.runId, spend.at, spend.amount);
      return Promise.resolve();
    },
  };
}
