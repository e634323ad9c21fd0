import type { Clock } from "../types.js";

/** A clock the demo moves by hand: a minute per scheduler tick, and whatever a retry waits. */
export class DrivenClock implements Clock {
  constructor(private current: Date) {}

  now = (): Date => new Date(this.current);

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
