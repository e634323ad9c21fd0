import type { SessionOutcome } from "../night/outcome.js";
import type { SessionPlan } from "../night/plan.js";
import type { Logger } from "../types.js";
import { postSessionReports } from "./post-session.js";

/**
 * The progress comment during a cycle: re-rendered and edited as each run finishes. Updates
 * are chained so two runs finishing together cannot both create the comment.
 */
export function progressPoster(plan: SessionPlan, logger: Logger) {
  let chain: Promise<void> = Promise.resolve();
  return {
    post(outcome: SessionOutcome): Promise<void> {
      chain = chain.then(() => postSessionReports(plan, outcome, { kind: "progress", logger }));
      return chain;
    },
  };
}
