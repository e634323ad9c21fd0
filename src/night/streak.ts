/** Three failed runs in a row pause the session (PRODUCT.md §4, Errors). */
export const PAUSE_AFTER_FAILURES = 3;

/** Counts failures in the order runs finish; any success resets the count. */
export class FailureStreak {
  private count = 0;

  constructor(private readonly limit = PAUSE_AFTER_FAILURES) {}

  /** Records a finished run; returns true when this failure reaches the limit. */
  record(failed: boolean): boolean {
    this.count = failed ? this.count + 1 : 0;
    return failed && this.count === this.limit;
  }

  get reached(): boolean {
    return this.count >= this.limit;
  }
}
