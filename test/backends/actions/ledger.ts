import type { RunOutcome } from "../../../src/run/outcome.js";

/**
 * The test's stand-in for the journal: which run belongs to which issue, with its base, and
 * each run collected at most once (a duplicate delivery, or a webhook and the reconciler racing,
 * must not collect twice).
 */
export class RunLedger {
  readonly runs = new Map<number, { issue: number; base: string; claimed: boolean }>();
  readonly outcomes = new Map<number, RunOutcome[]>();

  record(issue: number, runId: number, base: string): void {
    this.runs.set(runId, { issue, base, claimed: false });
  }

  /** True the first time a run is claimed for collecting. */
  claim(runId: number): { issue: number; base: string } | undefined {
    const run = this.runs.get(runId);
    if (run === undefined || run.claimed) return undefined;
    run.claimed = true;
    return run;
  }

  /** A run whose collect found it still going is claimable again. */
  release(runId: number): void {
    const run = this.runs.get(runId);
    if (run) run.claimed = false;
  }

  settle(issue: number, outcome: RunOutcome): void {
    this.outcomes.set(issue, [...(this.outcomes.get(issue) ?? []), outcome]);
  }

  inFlight(): number[] {
    return [...this.runs].filter(([, run]) => !run.claimed).map(([runId]) => runId);
  }
}
