import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { KeyedWorkQueue } from "../../src/github/work-queue.js";
import type { Logger } from "../../src/types.js";

const logger = pino({ level: "silent" });

/** A job that records its start and end, and finishes when released. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { done, release };
}

describe("KeyedWorkQueue", () => {
  it("runs one key's jobs in arrival order, one at a time", async () => {
    const queue = new KeyedWorkQueue({ concurrency: 4, maxPending: 100, logger });
    const events: string[] = [];
    const first = gate();
    queue.push("a#1", async () => {
      events.push("1 start");
      await first.done;
      events.push("1 end");
    });
    queue.push("a#1", () => {
      events.push("2 start");
      return Promise.resolve();
    });
    await Promise.resolve();
    expect(events).toEqual(["1 start"]);
    first.release();
    await queue.idle();
    expect(events).toEqual(["1 start", "1 end", "2 start"]);
  });

  it("runs different keys concurrently, up to the limit", async () => {
    const queue = new KeyedWorkQueue({ concurrency: 2, maxPending: 100, logger });
    const running = new Set<string>();
    let most = 0;
    const gates = ["a", "b", "c"].map((key) => ({ key, ...gate() }));
    for (const g of gates) {
      queue.push(g.key, async () => {
        running.add(g.key);
        most = Math.max(most, running.size);
        await g.done;
        running.delete(g.key);
      });
    }
    await Promise.resolve();
    expect([...running]).toEqual(["a", "b"]);
    for (const g of gates) g.release();
    await queue.idle();
    expect(most).toBe(2);
  });

  it("logs a failing job and goes on", async () => {
    const errors: unknown[] = [];
    const spy: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (obj) => {
        if (typeof obj === "object" && "err" in obj) errors.push(obj.err);
      },
      child: () => spy,
    };
    const queue = new KeyedWorkQueue({ concurrency: 1, maxPending: 100, logger: spy });
    let ran = false;
    queue.push("k", () => Promise.reject(new Error("boom")));
    queue.push("k", () => {
      ran = true;
      return Promise.resolve();
    });
    await queue.idle();
    expect(ran).toBe(true);
    expect(errors).toEqual([new Error("boom")]);
  });

  it("refuses work beyond maxPending, so the delivery can fail and be redelivered", () => {
    const queue = new KeyedWorkQueue({ concurrency: 1, maxPending: 1, logger });
    const hold = gate();
    expect(queue.push("k", () => hold.done)).toBe(true); // running
    expect(queue.push("k", () => Promise.resolve())).toBe(true); // waiting
    expect(queue.push("k", () => Promise.resolve())).toBe(false);
    hold.release();
  });

  it("is idle at once when empty", async () => {
    await new KeyedWorkQueue({ concurrency: 1, maxPending: 1, logger }).idle();
  });
});
