import { gitDirOf, type SimContext } from "../context.js";
import { HttpError, notFound } from "../errors.js";
import { emit } from "../events.js";
import { commitInfo, revParse } from "../git.js";
import { fullName, type RepoRecord, type UserRecord } from "../model.js";
import { isoSeconds } from "../world.js";
import { resolveInputs } from "./dispatch-inputs.js";
import type {
  ActionsJobOutcome,
  ActionsRunner,
  ArtifactRecord,
  RunConclusion,
  RunRecord,
} from "./model.js";
import { renderJob, renderRun, renderWorkflow } from "./render.js";
import { expandInputs, runnerLabels } from "./workflow-file.js";
import { WorkflowIndex, readWorkflowAt } from "./workflows.js";

/** Read through a function: the checks before an `await` do not hold after it. */
const completed = (run: RunRecord): boolean => run.status === "completed";

/** Artifacts live a day (the workflow's `retention-days: 1`). */
const ARTIFACT_RETENTION_MS = 24 * 3_600_000;
const DEFAULT_ARTIFACT = "nightshift-result";

export interface ActionsEngineOptions {
  runner?: ActionsRunner;
  /**
   * `github` (github.com today): a dispatch with `return_run_details: true` answers 200 with the
   * run's id. `ghes`: every dispatch answers 204, and a body field older servers do not know
   * is a 400, so the client must find its run by `display_title`.
   */
  mode?: "github" | "ghes";
  /** How long an artifact's download URL stays valid. Default one minute (GitHub's). */
  downloadTtlMs?: number;
}

export interface DispatchRequest {
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
}

/**
 * Workflow runs: dispatch, the run's life (queued → in_progress → completed, with the signed
 * `workflow_run` and `workflow_job` webhooks GitHub sends), cancellation and artifacts. A run
 * stays queued while no runner function is set, as on GitHub while no runner picks it up.
 */
export class ActionsEngine {
  readonly workflows = new WorkflowIndex();
  readonly runs = new Map<number, RunRecord>();
  readonly artifacts = new Map<number, { run: RunRecord; artifact: ArtifactRecord }>();
  readonly mode: "github" | "ghes";
  readonly downloadTtlMs: number;
  runner: ActionsRunner | undefined;
  private readonly playing = new Set<Promise<void>>();
  private readonly runCounters = new Map<number, number>();

  constructor(options: ActionsEngineOptions = {}) {
    this.runner = options.runner;
    this.mode = options.mode ?? "github";
    this.downloadTtlMs = options.downloadTtlMs ?? 60_000;
  }

  runsOf(repo: RepoRecord): RunRecord[] {
    return [...this.runs.values()].filter((run) => run.repoId === repo.id);
  }

  async dispatch(
    ctx: SimContext,
    repo: RepoRecord,
    actor: UserRecord,
    request: DispatchRequest,
  ): Promise<RunRecord> {
    const workflow = await this.workflows.find(ctx, repo, request.workflow);
    if (!workflow) throw notFound();
    const gitDir = gitDirOf(ctx.dataDir, repo);
    const ref = request.ref.replace(/^refs\/heads\//, "");
    const headSha = await revParse(gitDir, `refs/heads/${ref}`);
    if (headSha === null) throw new HttpError(422, `No ref found for: ${request.ref}`);
    const file = await readWorkflowAt(ctx, repo, workflow.path, headSha);
    if (!file?.dispatchable) {
      throw new HttpError(422, "Workflow does not have 'workflow_dispatch' trigger");
    }
    const inputs = resolveInputs(file, request.inputs);
    const info = await commitInfo(gitDir, headSha);
    const now = ctx.world.timestamp();
    const runNumber = (this.runCounters.get(workflow.id) ?? 0) + 1;
    this.runCounters.set(workflow.id, runNumber);
    const run: RunRecord = {
      id: ctx.world.nextId("run"),
      repoId: repo.id,
      workflow,
      runNumber,
      displayTitle:
        file.runName === null ? (file.name ?? workflow.path) : expandInputs(file.runName, inputs),
      event: "workflow_dispatch",
      headBranch: ref,
      headSha,
      headCommit: {
        tree: info.tree,
        message: info.message,
        date: info.committerDate,
        name: info.authorName,
        email: info.authorEmail,
      },
      status: "queued",
      conclusion: null,
      createdAt: now,
      updatedAt: now,
      runStartedAt: now,
      inputs,
      actor,
      job: {
        id: ctx.world.nextId("job"),
        name: file.jobName,
        status: "queued",
        conclusion: null,
        createdAt: now,
        startedAt: now,
        completedAt: null,
        runnerName: null,
        labels: runnerLabels(file.runsOn, inputs),
      },
      artifacts: [],
      abort: new AbortController(),
    };
    this.runs.set(run.id, run);
    this.announce(ctx, repo, run, "requested", "queued");
    this.play(ctx, repo, run);
    return run;
  }

  /** Cancels a run that has not completed; false when it already has (GitHub's 409). */
  cancel(ctx: SimContext, repo: RepoRecord, run: RunRecord): boolean {
    if (run.status === "completed") return false;
    run.abort.abort();
    this.complete(ctx, repo, run, "cancelled");
    return true;
  }

  /** Aborts every runner function still playing (the simulator is closing). */
  abortAll(): void {
    for (const run of this.runs.values()) run.abort.abort();
  }

  /** Marks every artifact of a run expired (its retention is over). */
  expire(run: RunRecord): void {
    for (const artifact of run.artifacts) artifact.expired = true;
  }

  /** Forgets a completed run and its artifacts; GitHub refuses to delete one still going. */
  delete(runId: number): void {
    const run = this.runs.get(runId);
    if (run === undefined) return;
    if (run.status !== "completed") throw new Error(`run ${String(runId)} is still ${run.status}`);
    this.runs.delete(runId);
    for (const artifact of run.artifacts) this.artifacts.delete(artifact.id);
  }

  /** Resolves once no runner function is still playing a job. */
  async settled(): Promise<void> {
    while (this.playing.size > 0) await Promise.all([...this.playing]);
  }

  private play(ctx: SimContext, repo: RepoRecord, run: RunRecord): void {
    const runner = this.runner;
    if (runner === undefined) return;
    const playing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.execute(ctx, repo, run, runner))
      .finally(() => this.playing.delete(playing));
    this.playing.add(playing);
  }

  private async execute(
    ctx: SimContext,
    repo: RepoRecord,
    run: RunRecord,
    runner: ActionsRunner,
  ): Promise<void> {
    if (run.status !== "queued") return;
    const now = ctx.world.timestamp();
    Object.assign(run, { status: "in_progress", runStartedAt: now, updatedAt: now });
    Object.assign(run.job, {
      status: "in_progress",
      startedAt: now,
      runnerName: "simulated-runner-1",
    });
    this.announce(ctx, repo, run, "in_progress", "in_progress");
    let outcome: ActionsJobOutcome;
    try {
      outcome = await runner({
        repo: fullName(repo),
        runId: run.id,
        runNumber: run.runNumber,
        workflow: run.workflow.path,
        ref: run.headBranch,
        headSha: run.headSha,
        inputs: { ...run.inputs },
        displayTitle: run.displayTitle,
        labels: [...run.job.labels],
        gitDir: gitDirOf(ctx.dataDir, repo),
        cloneUrl: `${ctx.urls.web}/${fullName(repo)}.git`,
        signal: run.abort.signal,
      });
    } catch {
      outcome = { conclusion: "failure" };
    }
    // A cancelled run keeps its cancellation, whatever the runner said afterwards.
    if (completed(run)) return;
    if (outcome.artifact !== undefined) {
      const created = ctx.world.now();
      const artifact: ArtifactRecord = {
        id: ctx.world.nextId("artifact"),
        name: outcome.artifactName ?? DEFAULT_ARTIFACT,
        data: outcome.artifact,
        createdAt: isoSeconds(created),
        expiresAt: isoSeconds(new Date(created.getTime() + ARTIFACT_RETENTION_MS)),
        expired: false,
      };
      run.artifacts.push(artifact);
      this.artifacts.set(artifact.id, { run, artifact });
    }
    this.complete(ctx, repo, run, outcome.conclusion);
  }

  private complete(
    ctx: SimContext,
    repo: RepoRecord,
    run: RunRecord,
    conclusion: RunConclusion,
  ): void {
    const now = ctx.world.timestamp();
    Object.assign(run, { status: "completed", conclusion, updatedAt: now });
    Object.assign(run.job, { status: "completed", conclusion, completedAt: now });
    this.announce(ctx, repo, run, "completed", "completed");
  }

  /** GitHub's order: the run's event, then its job's. */
  private announce(
    ctx: SimContext,
    repo: RepoRecord,
    run: RunRecord,
    runAction: string,
    jobAction: string,
  ): void {
    emit(ctx, "workflow_run", repo, run.actor, {
      action: runAction,
      workflow_run: renderRun(repo, run, ctx.urls),
      workflow: renderWorkflow(repo, run.workflow, ctx.urls),
    });
    emit(ctx, "workflow_job", repo, run.actor, {
      action: jobAction,
      workflow_job: renderJob(repo, run, ctx.urls),
    });
  }
}
