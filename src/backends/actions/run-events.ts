import { z } from "zod";

/** What a `workflow_run` or `workflow_job` webhook says about a run. */
export interface RunEvent {
  event: "workflow_run" | "workflow_job";
  action: string;
  /** owner/name */
  repo: string;
  runId: number;
  /** The run's `display_title` (the task id); only `workflow_run` carries it. */
  title?: string;
  status: string;
  conclusion: string | null;
}

const repository = z.object({ full_name: z.string() });

const WorkflowRunPayload = z.object({
  action: z.string(),
  repository,
  workflow_run: z.object({
    id: z.number().int(),
    // Older payloads (and GHES before 3.8) have no display_title.
    display_title: z.string().optional(),
    status: z.string().nullable(),
    conclusion: z.string().nullable(),
  }),
});

const WorkflowJobPayload = z.object({
  action: z.string(),
  repository,
  workflow_job: z.object({
    run_id: z.number().int(),
    status: z.string(),
    conclusion: z.string().nullable(),
  }),
});

/**
 * A webhook about an Actions run, or null for anything else. What the bot does with it: a run
 * it does not hold in flight is ignored (another workflow, or a duplicate delivery after the
 * run was collected); `workflow_run.completed` collects the run; the others only update
 * progress. Nothing depends on receiving them: the reconciler polls the same states.
 */
export function runEventOf(event: string, payload: unknown): RunEvent | null {
  if (event === "workflow_run") {
    const parsed = WorkflowRunPayload.safeParse(payload);
    if (!parsed.success) return null;
    const { action, repository: repo, workflow_run: run } = parsed.data;
    return {
      event,
      action,
      repo: repo.full_name,
      runId: run.id,
      ...(run.display_title === undefined ? {} : { title: run.display_title }),
      status: run.status ?? "queued",
      conclusion: run.conclusion,
    };
  }
  if (event === "workflow_job") {
    const parsed = WorkflowJobPayload.safeParse(payload);
    if (!parsed.success) return null;
    const { action, repository: repo, workflow_job: job } = parsed.data;
    return {
      event,
      action,
      repo: repo.full_name,
      runId: job.run_id,
      status: job.status,
      conclusion: job.conclusion,
    };
  }
  return null;
}
