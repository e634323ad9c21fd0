import { describe, expect, it } from "vitest";
import { driveScheduler } from "../../src/schedule/cron.js";
import { recordingLogger } from "../runner/helpers.js";
import { fakeCron } from "./helpers.js";

describe("driveScheduler", () => {
  it("ticks the scheduler every minute, and not after stop", async () => {
    const cron = fakeCron();
    let ticks = 0;
    const job = driveScheduler(
      { tick: () => Promise.resolve(++ticks) },
      recordingLogger(),
      cron.schedule,
    );
    expect(cron.jobs.map((j) => j.expression)).toEqual(["* * * * *"]);
    cron.minutePasses();
    cron.minutePasses();
    await job.stop();
    cron.minutePasses();
    expect(ticks).toBe(2);
  });

  it("logs a failing tick instead of throwing, and keeps ticking", async () => {
    const cron = fakeCron();
    const logger = recordingLogger();
    let ticks = 0;
    const job = driveScheduler(
      {
        tick: () => (++ticks === 1 ? Promise.reject(new Error("journal busy")) : Promise.resolve()),
      },
      logger,
      cron.schedule,
    );
    cron.minutePasses();
    cron.minutePasses();
    await job.stop();
    expect(ticks).toBe(2);
    expect(logger.lines.filter((line) => line.level === "error").map((line) => line.msg)).toEqual([
      "scheduler tick failed",
    ]);
  });

  it("stop waits for the tick in flight", async () => {
    const cron = fakeCron();
    let finish: () => void = () => undefined;
    const tick = () =>
      new Promise<void>((resolve) => {
        finish = resolve;
      });
    const job = driveScheduler({ tick }, recordingLogger(), cron.schedule);
    cron.minutePasses();
    let stopped = false;
    const stopping = job.stop().then(() => {
      stopped = true;
    });
    // A full turn of the event loop: stop would have resolved by now if it did not wait.
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });

  it("ticks once at start when asked, before any minute has passed", async () => {
    const cron = fakeCron();
    let ticks = 0;
    const job = driveScheduler(
      { tick: () => Promise.resolve(++ticks) },
      recordingLogger(),
      cron.schedule,
      { tickAtStart: true },
    );
    await job.idle();
    expect(ticks).toBe(1);
    cron.minutePasses();
    await job.stop();
    expect(ticks).toBe(2);
  });
});
