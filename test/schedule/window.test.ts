import { describe, expect, it } from "vitest";
import { occurrenceAt, occurrenceOn, nextOccurrence } from "../../src/schedule/window.js";
import { localParts, zonedInstant } from "../../src/schedule/zoned.js";
import { utc, window } from "./helpers.js";

const hours = (o: { opensAt: Date; closesAt: Date }) =>
  (o.closesAt.getTime() - o.opensAt.getTime()) / 3_600_000;

/** Every distinct occurrence seen minute by minute between two instants. */
function nightsSeen(spec: ReturnType<typeof window>, from: string, to: string) {
  const seen = new Map<string, number>();
  for (let t = utc(from).getTime(); t < utc(to).getTime(); t += 60_000) {
    const o = occurrenceAt(spec, new Date(t));
    if (o) seen.set(o.key, (seen.get(o.key) ?? 0) + 1);
  }
  return Object.fromEntries(seen);
}

describe("schedule windows", () => {
  it("crosses midnight: the Friday night window still holds Saturday 03:00", () => {
    const spec = window({ days: ["fri"], timezone: "UTC" });
    // 2026-01-02 is a Friday.
    expect(occurrenceAt(spec, utc("2026-01-03T03:00:00Z"))?.key).toBe("night@2026-01-02");
    expect(occurrenceAt(spec, utc("2026-01-03T07:00:00Z"))).toBeNull();
    expect(occurrenceAt(spec, utc("2026-01-03T23:30:00Z"))).toBeNull();
    expect(occurrenceAt(spec, utc("2026-01-02T22:59:00Z"))).toBeNull();
    expect(nextOccurrence(spec, utc("2026-01-03T08:00:00Z"))?.key).toBe("night@2026-01-09");
  });

  it("handles a window that does not cross midnight", () => {
    const spec = window({ start: "09:00", end: "17:00" });
    expect(occurrenceAt(spec, utc("2026-01-05T12:00:00Z"))?.key).toBe("night@2026-01-05");
    expect(occurrenceAt(spec, utc("2026-01-05T18:00:00Z"))).toBeNull();
  });

  it.each([
    // zone, spring-forward night, fall-back night, window that spans the change
    ["America/New_York", "2026-03-08", "2026-11-01", "01:00", "04:00", 2, 4],
    ["Europe/Berlin", "2026-03-29", "2026-10-25", "01:00", "05:00", 3, 5],
  ])(
    "in %s a DST change neither skips nor doubles a night",
    (timezone, spring, fall, start, end, springHours, fallHours) => {
      const spec = window({ timezone, start, end });
      const springNight = occurrenceOn(spec, parseDate(spring));
      const fallNight = occurrenceOn(spec, parseDate(fall));
      expect(springNight && hours(springNight)).toBe(springHours);
      expect(fallNight && hours(fallNight)).toBe(fallHours);
      for (const day of [spring, fall]) {
        const from = `${shift(day, -1)}T12:00:00Z`;
        const seen = nightsSeen(spec, from, `${shift(day, 1)}T12:00:00Z`);
        // The night of the change is seen once, for exactly its length in minutes.
        expect(Object.keys(seen)).toContain(`night@${day}`);
        expect(seen[`night@${day}`]).toBe((day === spring ? springHours : fallHours) * 60);
      }
    },
  );

  it("maps a local time a DST gap skips to just after the gap, and a doubled one to its first", () => {
    // 02:30 does not exist in Berlin on 2026-03-29; it happens twice on 2026-10-25.
    const gap = zonedInstant({ year: 2026, month: 3, day: 29 }, 150, "Europe/Berlin");
    expect(gap.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(localParts(gap, "Europe/Berlin")).toMatchObject({ hour: 3, minute: 30 });
    const twice = zonedInstant({ year: 2026, month: 10, day: 25 }, 150, "Europe/Berlin");
    expect(twice.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("opens in the configured zone, not UTC", () => {
    const spec = window({ timezone: "Asia/Tokyo" });
    const night = occurrenceOn(spec, { year: 2026, month: 6, day: 1 });
    expect(night?.opensAt.toISOString()).toBe("2026-06-01T14:00:00.000Z");
    expect(night?.closesAt.toISOString()).toBe("2026-06-01T22:00:00.000Z");
  });
});

function parseDate(iso: string) {
  const [year, month, day] = iso.split("-").map(Number);
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0 };
}

function shift(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
