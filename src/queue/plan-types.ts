import type { RepoConfig } from "../config/repo-schema.js";
import type { RepoInfo } from "../github/port.js";
import type { RepoTarget } from "../github/target.js";
import type { QuotaUnit } from "../quota/unit.js";
import type { SkippedTask } from "./skip-reason.js";
import type { Task } from "./task.js";

/** One repository's plan: its queue sorted into what may run and what may not (and why). */
export interface RepoPlan {
  target: RepoTarget;
  info?: RepoInfo;
  config?: RepoConfig;
  eligible: Task[];
  skipped: SkippedTask[];
  problems: string[];
}

export interface SessionPlan {
  repos: RepoPlan[];
  /** Tasks to run, in order, each with the plan of its repository. */
  picked: { task: Task; plan: RepoPlan }[];
  /** What the tasks' costs are in: the unit of the quota the plan was made against. */
  unit: QuotaUnit;
}
