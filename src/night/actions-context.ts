import type { RepoConfig } from "../config/repo-schema.js";
import type { Task } from "../queue/task.js";
import type { RunContext } from "../run/context.js";
import type { DispatchFacts } from "../store/dispatch-log.js";
import type { JournalRun } from "../store/journal.js";
import type { ActionsNightDeps, ActionsTarget } from "./actions-deps.js";
import { journaledPort } from "./journaled-port.js";
import { noCrash } from "./crash.js";
import { configOf } from "./recover.js";
import { roleLookup } from "./roles.js";

export interface ActionsRunScene {
  task: Task;
  target: ActionsTarget;
  config: RepoConfig;
  ctx: RunContext;
}

/**
 * What a journaled run on GitHub Actions is collected or resumed with, long after the cycle
 * that dispatched it: its task (from the journal), its repository's ports, the config and facts
 * it was dispatched against (its dispatch row's; read again only for a row without them), and a
 * port that journals the pull request the moment it exists. A string when the run cannot be
 * worked on (its repository is no longer installed, its task unreadable).
 */
export async function actionsRunScene(
  deps: Pick<ActionsNightDeps, "targetOf" | "journal" | "clock" | "logger">,
  run: JournalRun,
  facts: DispatchFacts | null,
): Promise<ActionsRunScene | string> {
  const { task } = run;
  if (task === null) return "the journal holds no readable task for this run";
  const target = await deps.targetOf(run.repo);
  if (target === undefined) return `${run.repo} is no longer installed`;
  const config = facts?.config ?? (await configOf({ ref: target.ref, github: target.github }));
  const info = facts?.info ?? (await target.github.getRepo(target.ref));
  const ctx: RunContext = {
    github: journaledPort(target.github, deps.journal, run.id, deps.clock, noCrash),
    info,
    config,
    roleOf: roleLookup(target.github, task.repo, deps.logger),
    runId: run.id,
  };
  return { task, target, config, ctx };
}
