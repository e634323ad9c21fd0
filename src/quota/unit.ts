import { z } from "zod";

import type { QuotaConfig } from "../config/host-schema.js";

/**
 * What a quota counts, and so what every cost, threshold and remainder is in: agent prompts,
 * or dollars under the `usd` provider. The provider says it; renderers turn it into words.
 */
export const QuotaUnitSchema = z.enum(["prompts", "usd"]);
export type QuotaUnit = z.infer<typeof QuotaUnitSchema>;

/** The unit the configured provider counts in. */
export const unitOfQuota = (config: Pick<QuotaConfig, "provider">): QuotaUnit =>
  config.provider === "usd" ? "usd" : "prompts";

// Whole dollars read plainly ("$40"); anything else to the cent ("$12.50", "$0.42").
const dollars = (usd: number): string =>
  Number.isInteger(usd) ? `$${String(usd)}` : `$${usd.toFixed(2)}`;

/** An amount with its unit: "5 prompts" or "$0.42". */
export const amountText = (unit: QuotaUnit, value: number): string =>
  unit === "usd" ? dollars(value) : `${String(value)} prompts`;

/** A figure whose unit the sentence names elsewhere: "45" (of 60 prompts) or "$12.50". */
export const figureText = (unit: QuotaUnit, value: number): string =>
  unit === "usd" ? dollars(value) : String(value);
