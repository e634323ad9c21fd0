import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startScheduledNights } from "../../src/night/scheduled-nights.js";
import type { ScheduledWork } from "../../src/schedule/due.js";
import type { WindowSpec } from "../../src/schedule/window.js";
import { Journal } from "../../src/store/journal.js";
import type { ProcessGroup } from "../../src/runner/process-group.js";
import { FakeClock, fakeCron, silent, utc, window } from "../schedule/helpers.js";
import { task } from "../unit/helpers.js";

let dir: string;
let journal: Journal;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nightshift-nights-"));
  journal = Journal.open(dir);
});
afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

const ME = "host-a:100:2026-01-05T20:00:00.000Z";

/** A three-minute night at 23:00 UTC, a cycle a minute, its preview two minutes before. */
const short = window({
  name: "night",
  timezone: "UTC",
  start: "23:00",
  end: "23:03",
  everyMinutes: 1,
  jitterMinutes: 0,
  previewMinutesBefore: 2,
});

function nights(
  clock: FakeClock,
  options: {
    windows?: WindowSpec[];
    firstStart?: Date;
    work?: (item: ScheduledWork) => Promise<void>;
    killGroup?: (group: ProcessGroup) => boolean;
  } = {},
) {
  const cron = fakeCron();
  const ran: string[] = [];
  const started = startScheduledNights({
    windows: options.windows ?? [short],
    journal,
    clock,
    random: () => 0,
    ownerId: ME,
    firstStart: options.firstStart ?? clock.now(),
    logger: silent,
    cron: cron.schedule,
    work:
      options.work ??
      ((item) => {
        ran.push(item.key);
        return Promise.resolve();
      }),
    ...(options.killGroup ? { killGroup: options.killGroup } : {}),
  });
  /** A minute passes on the clock and the cron fires; resolves once its work is done. */
  const minutePasses = async (at: string) => {
    clock.set(at);
    cron.minutePasses();
    await started.idle();
  };
  return { started, ran, minutePasses, cron };
}

describe("startScheduledNights", () => {
  it("runs what a start owes at once, then each minute's work once", async () => {
    const clock = new FakeClock(utc("2026-01-05T22:59:20Z"));
    const { started, ran, minutePasses } = nights(clock);
    await started.idle();
    expect(ran).toEqual(["night@2026-01-05#preview"]);
    await minutePasses("2026-01-05T23:00:00Z");
    await minutePasses("2026-01-05T23:00:30Z"); // an extra tick in the same minute
    await minutePasses("2026-01-05T23:01:00Z");
    await minutePasses("2026-01-05T23:02:00Z");
    await minutePasses("2026-01-05T23:03:00Z");
    await minutePasses("2026-01-05T23:04:00Z");
    expect(ran).toEqual([
      "night@2026-01-05#preview",
      "night@2026-01-05#0",
      "night@2026-01-05#1",
      "night@2026-01-05#2",
      "night@2026-01-05#report",
    ]);
    started.stop();
  });

  it("owes nothing for a window that closed before the first start", async () => {
    const clock = new FakeClock(utc("2026-01-05T23:10:00Z"));
    const { started, ran } = nights(clock, { firstStart: utc("2026-01-05T23:05:00Z") });
    await started.idle();
    expect(ran).toEqual([]);
    started.stop();
  });

  it("reports at start a window that closed while the process was down", async () => {
    // The data directory first started at 22:30; this process starts after the window closed.
    const clock = new FakeClock(utc("2026-01-05T23:10:00Z"));
    const { started, ran } = nights(clock, { firstStart: utc("2026-01-05T22:30:00Z") });
    await started.idle();
    expect(ran).toEqual(["night@2026-01-05#report"]);
    started.stop();
  });

  it("never runs again what an earlier start finished", async () => {
    const clock = new FakeClock(utc("2026-01-05T23:00:10Z"));
    const first = nights(clock);
    await first.started.idle();
    first.started.stop();
    const second = nights(clock, { firstStart: utc("2026-01-05T22:00:00Z") });
    await second.started.idle();
    expect([first.ran, second.ran]).toEqual([["night@2026-01-05#0"], []]);
    second.started.stop();
  });

  it("stops ticking at once, without waiting for the work in flight", () => {
    const clock = new FakeClock(utc("2026-01-05T23:00:10Z"));
    const calls: string[] = [];
    const { started, cron } = nights(clock, {
      work: (item) => {
        calls.push(item.key);
        return new Promise<void>(() => undefined); // a cycle that never ends
      },
    });
    started.stop();
    clock.set("2026-01-05T23:01:00Z");
    cron.minutePasses();
    expect(calls).toEqual(["night@2026-01-05#0"]);
    expect(cron.jobs.map((job) => job.stopped)).toEqual([true]);
  });

  it("ends the agents of this process's open runs, and leaves the runs open for recovery", () => {
    const clock = new FakeClock(utc("2026-01-05T23:00:10Z"));
    const group = (pgid: number): ProcessGroup => ({ pgid, host: "host-a" });
    const plan = (issue: number, ownerId: string, pgid?: number) => {
      const id = `run-${String(issue)}`;
      journal.planRun(
        {
          id,
          sessionId: "night@2026-01-05",
          repo: "acme/calc",
          issue,
          attempt: 1,
          estimatedCost: 1,
          ownerId,
          task: task({ number: issue }),
          branch: `nightshift/${String(issue)}`,
        },
        clock.now(),
      );
      if (pgid !== undefined) journal.noteProcessGroup(id, group(pgid));
    };
    plan(1, ME, 4001);
    plan(2, ME); // planned, no agent yet
    plan(3, "host-b:7:2026-01-05T19:00:00.000Z", 4003); // another process's
    const killed: number[] = [];
    const { started } = nights(clock, {
      windows: [],
      killGroup: (g) => {
        killed.push(g.pgid);
        return true;
      },
    });
    started.stop();
    expect(started.endAgents()).toBe(1);
    expect(killed).toEqual([4001]);
    expect(journal.openRuns().map((run) => run.id)).toEqual(["run-1", "run-2", "run-3"]);
  });
});
