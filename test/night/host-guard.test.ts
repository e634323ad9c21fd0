import { describe, expect, it } from "vitest";
import { hostGuard, startWhenHostAllows } from "../../src/night/host-guard.js";
import { mapPool } from "../../src/night/pool.js";

describe("hostGuard", () => {
  it.each([
    [{ diskUsedPercent: 50, freeMemoryMb: 4096 }, []],
    [{ diskUsedPercent: 81, freeMemoryMb: 4096 }, ["runner disk 81% full (limit 80%)"]],
    [{ diskUsedPercent: 10, freeMemoryMb: 100 }, ["only 100 MB memory free (floor 512 MB)"]],
  ])("%o → %o", async (readings, problems) => {
    expect(await hostGuard(() => Promise.resolve(readings))()).toEqual(problems);
  });

  it("uses the given limits", async () => {
    const check = hostGuard(() => Promise.resolve({ diskUsedPercent: 85, freeMemoryMb: 4096 }), {
      maxDiskPercent: 90,
      minFreeMemoryMb: 512,
    });
    expect(await check()).toEqual([]);
  });
});

describe("startWhenHostAllows in a pool", () => {
  it("starts nothing new once the disk fills up mid-session, and says why", async () => {
    let disk = 70;
    const check = hostGuard(() => Promise.resolve({ diskUsedPercent: disk, freeMemoryMb: 4096 }));
    const refused: string[] = [];
    const started: string[] = [];
    const results = await mapPool(["a", "b", "c", "d"], 1, (item) =>
      startWhenHostAllows(
        check,
        (problems) => refused.push(`${item}: ${problems.join("; ")}`),
        () => {
          started.push(item);
          if (item === "b") disk = 95; // run b fills the disk
          return Promise.resolve(item.toUpperCase());
        },
      ),
    );
    expect(started).toEqual(["a", "b"]);
    expect(results).toEqual(["A", "B", undefined, undefined]);
    expect(refused).toEqual([
      "c: runner disk 95% full (limit 80%)",
      "d: runner disk 95% full (limit 80%)",
    ]);
  });

  it("starts everything without a check", async () => {
    const result = await startWhenHostAllows(
      undefined,
      () => undefined,
      () => Promise.resolve(1),
    );
    expect(result).toBe(1);
  });
});
