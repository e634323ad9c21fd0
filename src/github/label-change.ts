/**
 * An issue's labels after a change: `remove` taken off, `add` put on (GitHub compares label
 * names without case), everything else kept in its order. Null when nothing would change.
 */
export function nextLabels(
  current: readonly string[],
  change: { add: readonly string[]; remove: readonly string[] },
): string[] | null {
  const key = (name: string) => name.toLowerCase();
  const removing = new Set(change.remove.map(key));
  const kept = current.filter((name) => !removing.has(key(name)));
  const have = new Set(kept.map(key));
  const added = change.add.filter((name) => !have.has(key(name)));
  const next = [...kept, ...added];
  const same =
    next.length === current.length && next.every((name, i) => key(name) === key(current[i] ?? ""));
  return same ? null : next;
}
