import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
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

describe("KeyedWorkQueue, answering first", () => {
  const answerFirst = { quietMs: 10, maxDelayMs: 100 };
  const now = () => Date.now(); // faked below

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A queue whose jobs record `key:n` when they start. */
  function recording(concurrency = 8, maxPending = 100) {
    const queue = new KeyedWorkQueue({ concurrency, maxPending, logger, answerFirst, now });
    const started: string[] = [];
    const push = (key: string, n: number) =>
      queue.push(key, () => {
        started.push(`${key}:${String(n)}`);
        return Promise.resolve();
      });
    return { queue, started, push };
  }

  it("holds work while deliveries keep arriving, then drains it all in order", async () => {
    const { queue, started, push } = recording();
    for (let n = 0; n < 6; n++) {
      push(n % 2 === 0 ? "a" : "b", n);
      await vi.advanceTimersByTimeAsync(5); // the next delivery comes before 10 ms of quiet
    }
    expect(started).toEqual([]);
    expect(queue.size).toBe(6);
    await vi.advanceTimersByTimeAsync(10);
    await queue.idle();
    expect(started).toEqual(["a:0", "b:1", "a:2", "b:3", "a:4", "b:5"]);
    expect(queue.size).toBe(0);
  });

  it("starts work that has waited maxDelayMs even though deliveries never stop", async () => {
    const { started, push } = recording();
    push("a", 0);
    for (let n = 1; n <= 20; n++) {
      await vi.advanceTimersByTimeAsync(5);
      push("b", n);
    }
    // 100 ms after it arrived, "a:0" ran; "b:1" (pushed at 5 ms) is due at 105 ms.
    expect(started).toEqual(["a:0"]);
    await vi.advanceTimersByTimeAsync(5);
    expect(started).toEqual(["a:0", "b:1"]);
  });

  it("keeps one key's jobs in order and one at a time while holding and after", async () => {
    const queue = new KeyedWorkQueue({
      concurrency: 4,
      maxPending: 100,
      logger,
      answerFirst,
      now,
    });
    const events: string[] = [];
    const first = gate();
    queue.push("k", async () => {
      events.push("1 start");
      await first.done;
      events.push("1 end");
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(events).toEqual(["1 start"]);
    for (const n of [2, 3]) {
      queue.push("k", () => {
        events.push(`${String(n)} start`);
        return Promise.resolve();
      });
    }
    first.release();
    await vi.advanceTimersByTimeAsync(10);
    await queue.idle();
    expect(events).toEqual(["1 start", "1 end", "2 start", "3 start"]);
  });

  it("still refuses beyond maxPending while it holds work back", () => {
    const { push } = recording(8, 2);
    expect(push("a", 0)).toBe(true);
    expect(push("a", 1)).toBe(true);
    expect(push("b", 2)).toBe(false);
  });

  it("drains a long backlog on few keys in arrival order", async () => {
    const { queue, started, push } = recording(2, 10_000);
    const expected: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const key = ["a", "b", "c"][n % 3] ?? "a";
      push(key, n);
      expected.push(`${key}:${String(n)}`);
    }
    await vi.advanceTimersByTimeAsync(10);
    await queue.idle();
    expect(started).toEqual(expected);
  });
});
