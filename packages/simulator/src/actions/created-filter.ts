/**
 * GitHub's `created` filter for workflow runs (search syntax): `>=T`, `>T`, `<=T`, `<T`, `A..B`,
 * or a bare date or time (that day, or from that moment). Timestamps compare as ISO strings.
 */
export function createdMatches(createdAt: string, filter: string | null): boolean {
  if (filter === null || filter === "") return true;
  const at = Date.parse(createdAt);
  const range = /^(.+)\.\.(.+)$/.exec(filter);
  if (range) {
    return at >= bound(range[1] ?? "", "start") && at <= bound(range[2] ?? "", "end");
  }
  const compare = /^(>=|<=|>|<)(.+)$/.exec(filter);
  if (compare) {
    const [, op, value = ""] = compare;
    if (op === ">=") return at >= bound(value, "start");
    if (op === ">") return at > bound(value, "end");
    if (op === "<=") return at <= bound(value, "end");
    return at < bound(value, "start");
  }
  return at >= bound(filter, "start") && at <= bound(filter, "end");
}

/** A bare date stands for its whole day (UTC): its first or its last millisecond. */
function bound(value: string, edge: "start" | "end"): number {
  if (value === "*") return edge === "start" ? -Infinity : Infinity;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const parsed = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(parsed)) return NaN;
  return dateOnly && edge === "end" ? parsed + 86_399_999 : parsed;
}
