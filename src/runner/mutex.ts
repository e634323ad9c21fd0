/**
 * Serializes async work per key inside this process (e.g. one mirror's fetches): two runs of
 * one repository must never fetch into, or add worktrees to, the same mirror at once.
 */
export function keyedMutex(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    tails.set(key, current);
    try {
      return await current;
    } finally {
      // Forget the key once nothing is queued behind us, so the map does not grow forever.
      if (tails.get(key) === current) tails.delete(key);
    }
  };
}
