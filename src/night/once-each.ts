/** Calls `load` once per key; later calls share its promise. */
export function onceEach<K, V>(load: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const made = new Map<K, Promise<V>>();
  return (key) => {
    const known = made.get(key);
    if (known) return known;
    const value = load(key);
    made.set(key, value);
    return value;
  };
}
