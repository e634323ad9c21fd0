import type { World } from "../world.js";
import type { ActionsEngine } from "./engine.js";
import type { RunConclusion, RunStatus } from "./model.js";

/** A workflow run as tests and the demo read it: plain data, copied out. */
export interface RunView {
  id: number;
  workflow: string;
  displayTitle: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  inputs: Record<string, string>;
  labels: string[];
  artifacts: { id: number; name: string; size: number }[];
}

/** The runs of a repository, oldest first. */
export function runViews(world: World, engine: ActionsEngine, fullName: string): RunView[] {
  const repo = world.repoByFullName(fullName);
  if (!repo) throw new Error(`simulator: no repository "${fullName}"`);
  return engine
    .runsOf(repo)
    .sort((a, b) => a.id - b.id)
    .map((run) => ({
      id: run.id,
      workflow: run.workflow.path,
      displayTitle: run.displayTitle,
      status: run.status,
      conclusion: run.conclusion,
      inputs: { ...run.inputs },
      labels: [...run.job.labels],
      artifacts: run.artifacts.map((a) => ({ id: a.id, name: a.name, size: a.data.length })),
    }));
}
