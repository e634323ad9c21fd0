import { HostConfigSchema } from "../../src/config/host-schema.js";
import type { CronSchedule } from "../../src/schedule/cron.js";
import type { WindowSpec } from "../../src/schedule/window.js";
import type { Logger } from "../../src/types.js";

/** A window with the host config's defaults and the given overrides. */
export function window(overrides: Partial<WindowSpec> = {}): WindowSpec {
  const [parsed] = HostConfigSchema.parse({ windows: [{ name: "night" }] }).windows;
  if (!parsed) throw new Error("the default host config has no window");
  return { ...parsed, ...overrides };
}

export const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

/** A clock the test moves by hand, forwards or backwards. */
export class FakeClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  set(iso: string | Date): void {
    this.current = new Date(iso);
  }
  advance(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

export const utc = (iso: string): Date => new Date(iso);

/** A cron library whose minutes pass when the test says so. */
export function fakeCron() {
  const jobs: { expression: string; onTick: () => void; stopped: boolean }[] = [];
  const schedule: CronSchedule = (expression, onTick) => {
    const job = { expression, onTick, stopped: false };
    jobs.push(job);
    return {
      stop: () => {
        job.stopped = true;
      },
    };
  };
  const minutePasses = () => {
    for (const job of jobs) if (!job.stopped) job.onTick();
  };
  return { schedule, jobs, minutePasses };
}
