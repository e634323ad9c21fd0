/**
 * Reads a value at a dotted path with optional indexes (`data.remains[0].count`, a leading `$.`
 * allowed). Returns undefined when any step is missing.
 */
export function readJsonPath(value: unknown, path: string): unknown {
  const steps = path
    .replace(/^\$\.?/, "")
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((step) => step !== "");
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}
