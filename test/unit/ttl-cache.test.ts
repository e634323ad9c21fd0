import { describe, expect, it } from "vitest";
import { TtlCache } from "../../src/config/cache.js";

function fakeClock(start = 0) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe("TtlCache", () => {
  it("loads once within the TTL and again after it", async () => {
    const clock = fakeClock();
    const cache = new TtlCache<number>(1000, clock);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await cache.get("a", load)).toBe(1);
    clock.advance(999);
    expect(await cache.get("a", load)).toBe(1);
    clock.advance(1);
    expect(await cache.get("a", load)).toBe(2);
  });

  it("shares one load between concurrent misses", async () => {
    const cache = new TtlCache<number>(1000, fakeClock());
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await Promise.all([cache.get("a", load), cache.get("a", load)])).toEqual([1, 1]);
  });

  it("does not cache failures", async () => {
    const cache = new TtlCache<number>(1000, fakeClock());
    await expect(cache.get("a", () => Promise.reject(new Error("502")))).rejects.toThrow("502");
    expect(await cache.get("a", () => Promise.resolve(7))).toBe(7);
  });

  it("invalidates one key, or every key with a prefix", async () => {
    const cache = new TtlCache<string>(1000, fakeClock());
    await cache.get("acme/a", () => Promise.resolve("old"));
    await cache.get("acme/b", () => Promise.resolve("old"));
    await cache.get("other/c", () => Promise.resolve("old"));
    cache.invalidate("acme/a");
    expect(await cache.get("acme/a", () => Promise.resolve("new"))).toBe("new");
    cache.invalidatePrefix("acme/");
    expect(await cache.get("acme/b", () => Promise.resolve("new"))).toBe("new");
    expect(await cache.get("other/c", () => Promise.resolve("new"))).toBe("old");
  });

  it("forgets the oldest entries beyond its capacity", async () => {
    const cache = new TtlCache<string>(1000, fakeClock(), 2);
    for (const key of ["a", "b", "c"]) await cache.get(key, () => Promise.resolve("old"));
    expect(await cache.get("a", () => Promise.resolve("new"))).toBe("new");
    expect(await cache.get("c", () => Promise.resolve("new"))).toBe("old");
  });

  it("survives a clock that jumps backwards (entries only live longer, never forever)", async () => {
    const clock = fakeClock(10_000);
    const cache = new TtlCache<number>(1000, clock);
    await cache.get("a", () => Promise.resolve(1));
    clock.advance(-5000);
    expect(await cache.get("a", () => Promise.resolve(2))).toBe(1);
    clock.advance(6001);
    expect(await cache.get("a", () => Promise.resolve(3))).toBe(3);
  });
});
