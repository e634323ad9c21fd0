import type { HostConfig } from "../config/host-schema.js";
import { parseHostConfig } from "../config/load.js";

/** Replaces `{scenarioDir}` in every string of the scenario's host section. */
function substitute(value: unknown, scenarioDir: string): unknown {
  if (typeof value === "string") return value.replaceAll("{scenarioDir}", scenarioDir);
  if (Array.isArray(value)) return value.map((item) => substitute(item, scenarioDir));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substitute(item, scenarioDir)]),
    );
  }
  return value;
}

/** The host config a scenario asks for, with its data directory forced to `dataDir`. */
export function scenarioHostConfig(raw: unknown, scenarioDir: string, dataDir: string): HostConfig {
  const host = substitute(raw ?? {}, scenarioDir);
  const fields = typeof host === "object" && host !== null ? host : {};
  return parseHostConfig({ ...fields, dataDir }, "scenario host section");
}
