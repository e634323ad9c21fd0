import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/schedule/scheduler.js";
import { FIRST_START_FILE, firstStartOf } from "../../src/store/first-start.js";
import { Journal } from "../../src/store/journal.js";
import { FakeClock, silent, utc, window } from "./helpers.js";

let dir: string;
let journal: Journal;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nightshift-first-"));
  journal = Journal.open(dir);
});
afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A 23:00–07:00 Berlin night, cycles every two hours. */
function scheduler(clock: FakeClock, ran: string[], firstStart?: Date) {
  return new Scheduler({
    windows: [window({ timezone: "Europe/Berlin", everyMinutes: 120, jitterMinutes: 0 })],
    journal,
    clock,
    random: () => 0,
    owner: "me",
    logger: silent,
    firstStart,
    work: (item) => {
      ran.push(item.key);
      return Promise.resolve();
    },
  });
}

describe("a fresh install", () => {
  it("posts no report for a night that closed before its first start", async () => {
    // First started at 11:00 Berlin; the night of the 4th closed at 07:00.
    const clock = new FakeClock(utc("2026-01-05T10:00:00Z"));
    const ran: string[] = [];
    const s = scheduler(clock, ran, firstStartOf(dir, journal, clock.now()));
    for (let minute = 0; minute < 24 * 60; minute += 10) {
      await s.tick();
      clock.advance(10);
    }
    expect(ran).toEqual([
      "night@2026-01-05#preview",
      "night@2026-01-05#0",
      "night@2026-01-05#1",
      "night@2026-01-05#2",
      "night@2026-01-05#3",
      "night@2026-01-05#report",
    ]);
  });

  it("still owes a report for a night that closed after its first start", async () => {
    // First started at 06:00 Berlin, inside the night: its last cycle and its report run.
    const clock = new FakeClock(utc("2026-01-05T05:00:00Z"));
    const ran: string[] = [];
    const s = scheduler(clock, ran, firstStartOf(dir, journal, clock.now()));
    for (let minute = 0; minute < 3 * 60; minute += 10) {
      await s.tick();
      clock.advance(10);
    }
    expect(ran).toEqual(["night@2026-01-04#3", "night@2026-01-04#report"]);
  });

  it("without a first start, catches up on the report still within its grace", async () => {
    const clock = new FakeClock(utc("2026-01-05T10:00:00Z"));
    const ran: string[] = [];
    await scheduler(clock, ran).tick();
    expect(ran).toEqual(["night@2026-01-04#report"]);
  });
});

describe("the first-start record", () => {
  it("is written once and read back after a restart", () => {
    const first = firstStartOf(dir, journal, utc("2026-01-05T10:00:00Z"));
    expect(first).toEqual(utc("2026-01-05T10:00:00Z"));
    expect(readFileSync(join(dir, FIRST_START_FILE), "utf8")).toBe("2026-01-05T10:00:00.000Z\n");
    expect(firstStartOf(dir, journal, utc("2026-02-01T00:00:00Z"))).toEqual(first);
  });

  it("counts a directory that predates it from its first claimed slot (an upgrade)", () => {
    journal.claimSlot("night@2025-12-01#0", "old", utc("2025-12-01T22:00:00Z"));
    journal.claimSlot("night@2025-12-02#0", "old", utc("2025-12-02T22:00:00Z"));
    expect(firstStartOf(dir, journal, utc("2026-01-05T10:00:00Z"))).toEqual(
      utc("2025-12-01T22:00:00Z"),
    );
  });
});
