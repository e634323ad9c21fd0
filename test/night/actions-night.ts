import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BackendsHostSchema } from "../../src/config/backends-schema.js";
import type { ActionsNightDeps, ActionsTarget } from "../../src/night/actions-deps.js";
import { dispatchActionsRun, type DispatchDeps } from "../../src/night/actions-dispatch.js";
import { actionsEvents } from "../../src/night/actions-events.js";
import { reconcileActions } from "../../src/night/actions-reconcile.js";
import { noCrash } from "../../src/night/crash.js";
import { openRun } from "../../src/night/run-one.js";
import { sessionFromJournal } from "../../src/night/session-outcome.js";
import { quotaProviderFor } from "../../src/quota/ledger.js";
import type { RunDeps } from "../../src/run/context.js";
import { Journal } from "../../src/store/journal.js";
import { systemClock } from "../../src/types.js";
import { REF, type ActionsWorld } from "../backends/actions/sim-world.js";

export const SESSION = "loose-ends";
const BOT = "bot-process";

/**
 * The night's side of runs on GitHub Actions over an `actionsWorld`: a journal, the deps the
 * reconciler, the webhooks and `/skip` share, and a dispatch as a cycle makes it.
 */
export async function actionsNight(world: ActionsWorld, alive: (owner: string | null) => boolean) {
  const dir = await mkdtemp(join(tmpdir(), "nightshift-loose-ends-"));
  const journal = Journal.open(dir);
  journal.startSession(SESSION, null, systemClock.now(), BOT);
  const host = {
    ...world.deps.host,
    backends: BackendsHostSchema.parse({ default: "actions", actions: { enabled: true } }),
  };
  const runDeps: RunDeps = { ...world.deps, host, sessionId: SESSION };
  const target: ActionsTarget = { ref: REF, github: world.github, actions: world.github };
  const deps: ActionsNightDeps = {
    journal,
    clock: systemClock,
    logger: world.deps.logger,
    host,
    quota: quotaProviderFor(host.quota, journal),
    ownerId: BOT,
    isOwnerAlive: (owner) => alive(owner),
    runDeps: () => Promise.resolve(runDeps),
    targetOf: (repo) => Promise.resolve(repo === "acme/calc" ? target : undefined),
    wait: () => Promise.resolve(),
  };
  const events = actionsEvents(deps);
  /** Journals a run of the issue (by `owner`), as a cycle does before dispatching it. */
  const open = (issue: number, owner = BOT) =>
    openRun(
      { journal, clock: systemClock, crashAt: noCrash, sessionId: SESSION, ownerId: owner },
      world.task(issue),
    );
  return {
    deps,
    events,
    journal,
    open,
    /** A cycle's dispatch of the issue; resolves with its run id, or rejects as it did. */
    async dispatch(issue: number, extra: Partial<DispatchDeps> = {}): Promise<string> {
      const id = open(issue);
      const ctx = { ...world.ctx, runId: id };
      await dispatchActionsRun(
        { ...deps, runDeps, ...extra },
        target,
        world.task(issue),
        ctx,
        world.choice,
      );
      return id;
    },
    reconcile: () => reconcileActions(deps),
    /** Reconciles until the journal holds nothing in flight (every job played, every run collected). */
    async settle(): Promise<void> {
      while (journal.dispatches.inFlight().length > 0) {
        await world.quiet();
        await reconcileActions(deps);
      }
    },
    /** The session's runs of an issue as its report tells them. */
    reported(issue: number) {
      const outcome = sessionFromJournal(journal, SESSION, { now: systemClock.now() });
      return {
        settled: outcome.repos
          .flatMap((repo) => repo.runs)
          .filter((run) => run.task.issue.number === issue),
        running: (outcome.running ?? []).filter((run) => run.task.issue.number === issue),
      };
    },
    async close() {
      journal.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type ActionsNight = Awaited<ReturnType<typeof actionsNight>>;
