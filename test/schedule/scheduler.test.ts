import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/schedule/scheduler.js";
import { fireTime, slotAt } from "../../src/schedule/slots.js";
import { occurrenceOn } from "../../src/schedule/window.js";
import { Journal } from "../../src/store/journal.js";
import { FakeClock, silent, utc, window } from "./helpers.js";

let dir: string;
const journals: Journal[] = [];
const openJournal = () => {
  const journal = Journal.open(dir);
  journals.push(journal);
  return journal;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nightshift-sched-"));
});
afterEach(() => {
  for (const journal of journals.splice(0)) journal.close();
  rmSync(dir, { recursive: true, force: true });
});

function scheduler(clock: FakeClock, ran: string[], owner = "a", random = () => 0.5) {
  return new Scheduler({
    windows: [
      window({ timezone: "Europe/Berlin", start: "23:00", end: "01:00", everyMinutes: 30 }),
    ],
    journal: openJournal(),
    clock,
    random,
    owner,
    logger: silent,
    work: (item) => {
      ran.push(`${owner}:${item.key}`);
      return Promise.resolve();
    },
  });
}

const keys = (ran: string[]) => ran.map((entry) => entry.slice(entry.indexOf(":") + 1));

describe("the scheduler", () => {
  it("runs the preview, each cycle and the report of a night once", async () => {
    const clock = new FakeClock(utc("2026-01-05T18:00:00Z"));
    const ran: string[] = [];
    const s = scheduler(clock, ran);
    for (let minute = 0; minute < 10 * 60; minute += 1) {
      await s.tick();
      clock.advance(1);
    }
    expect(keys(ran)).toEqual([
      "night@2026-01-05#preview",
      "night@2026-01-05#0",
      "night@2026-01-05#1",
      "night@2026-01-05#2",
      "night@2026-01-05#3",
      "night@2026-01-05#report",
    ]);
  });

  it("never reruns a slot when the clock jumps backwards", async () => {
    const clock = new FakeClock(utc("2026-01-05T22:10:00Z"));
    const ran: string[] = [];
    const s = scheduler(clock, ran);
    const path = [0, 20, 40, -50, 10, 30, -45, 60, 120];
    for (const step of path) {
      clock.advance(step);
      await s.tick();
    }
    expect(keys(ran)).toEqual([...new Set(keys(ran))]);
    expect(keys(ran)).toContain("night@2026-01-05#report");
  });

  it("gives each slot to exactly one of two schedulers sharing a journal", async () => {
    const clock = new FakeClock(utc("2026-01-05T18:00:00Z"));
    const ran: string[] = [];
    const a = scheduler(clock, ran, "a", () => 0.1);
    const b = scheduler(clock, ran, "b", () => 0.9);
    for (let minute = 0; minute < 10 * 60; minute += 1) {
      await Promise.all([a.tick(), b.tick()]);
      clock.advance(1);
    }
    expect(keys(ran).sort()).toEqual([
      "night@2026-01-05#0",
      "night@2026-01-05#1",
      "night@2026-01-05#2",
      "night@2026-01-05#3",
      "night@2026-01-05#preview",
      "night@2026-01-05#report",
    ]);
  });

  it("keeps jitter inside the slot and the window, whatever the random draw", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 240 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 8 * 60 - 1 }),
        (every, jitter, draw, minuteIntoNight) => {
          const spec = window({ everyMinutes: every, jitterMinutes: jitter });
          const night = occurrenceOn(spec, { year: 2026, month: 2, day: 2 });
          if (!night) throw new Error("no night");
          const at = new Date(night.opensAt.getTime() + minuteIntoNight * 60_000);
          const slot = slotAt(night, at);
          if (!slot) throw new Error("no slot");
          const fire = fireTime(night, slot, () => draw).getTime();
          const start = slot.startsAt.getTime();
          expect(fire).toBeGreaterThanOrEqual(start);
          expect(fire).toBeLessThanOrEqual(start + jitter * 60_000);
          expect(fire).toBeLessThan(start + every * 60_000);
          expect(fire).toBeLessThan(night.closesAt.getTime());
        },
      ),
    );
  });
});
