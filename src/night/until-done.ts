import type { UntilDoneTarget } from "../learn/config-schema.js";
import { untilDoneState } from "../learn/until-done.js";
import { targetKey } from "../learn/until-done-target.js";
import type { RunDeps } from "../run/context.js";
import { runDoneCheck } from "../run/done-check.js";
import type { Logger } from "../types.js";
import { postAlert, postStatus, type RepoScope } from "./until-done-post.js";
import { findResume } from "./until-done-resume.js";
import { emptyUntilDonePlan, type UntilDonePlan } from "./until-done-plan.js";
import { eachTarget, setOf, steer, viewTarget, type UntilDoneReadDeps } from "./until-done-view.js";

export interface UntilDoneDeps extends UntilDoneReadDeps {
  /** What a completion check runs with (the session's run deps). */
  runDeps: RunDeps;
  /** False when nothing new may start (host problems, a paused session): no check runs. */
  checks: boolean;
}

/**
 * Every cycle, before planning: each until-done target's state from its issues and the
 * journal's runs of them. A paused target takes a maintainer's resume from the report issue; a
 * target with `doneWhen` is checked when it never was or has run since; a status comment is
 * upserted when due, and a pause gets an alert. What it returns steers the cycle's plan.
 */
export async function untilDonePass(deps: UntilDoneDeps, now: Date): Promise<UntilDonePlan> {
  const plan = emptyUntilDonePlan();
  await eachTarget(deps, (scope, entry, log) => targetPass(deps, scope, entry, now, plan, log));
  return plan;
}

async function targetPass(
  deps: UntilDoneDeps,
  scope: RepoScope,
  entry: UntilDoneTarget,
  now: Date,
  plan: UntilDonePlan,
  log: Logger,
): Promise<void> {
  const set = setOf(entry);
  const key = targetKey(set);
  const { github, ref } = scope.target;
  const store = deps.journal.untilDone;
  const view = await viewTarget(deps, scope, set, key, now);
  if (view === null) {
    if (store.memory(scope.repo, key).lastStatus?.kind !== "missing") {
      const decision = { kind: "missing" as const };
      await postStatus(scope, { set, entry, decision, issues: [], runs: [], next: null, now });
      store.noteStatus(scope.repo, key, "missing", now);
    }
    return;
  }
  const { issues, runs, history: historyNow } = view;
  let state = untilDoneState(historyNow(), entry);

  if (state.decision.kind === "paused") {
    const memory = store.memory(scope.repo, key);
    const seen = memory.commandsSeenAt?.getTime() ?? 0;
    const since = new Date(Math.max(state.decision.lastFailureAt.getTime(), seen));
    const found = await findResume(
      github,
      ref,
      scope.config,
      await scope.reportIssue(),
      set,
      since,
      log,
    );
    if (found) store.noteCommandsSeen(scope.repo, key, found.seenAt);
    if (found?.resumedAt) {
      store.noteResumed(scope.repo, key, found.resumedAt);
      state = untilDoneState(historyNow(), entry);
    }
  }

  const closed = state.decision.kind === "done" && state.decision.why === "all-closed";
  if (entry.doneWhen !== undefined && deps.checks && !closed) {
    const check = store.memory(scope.repo, key).check;
    const lastRun = runs.at(-1)?.endedAt;
    if (!check || (lastRun !== undefined && lastRun > check.at)) {
      const verdict = await runDoneCheck(deps.runDeps, {
        github,
        info: await scope.repoInfo(),
        config: scope.config,
        command: entry.doneWhen,
        name: `until-done.${key}`,
      });
      log.info({ target: key, passed: verdict.passed, why: verdict.why }, "completion check");
      store.noteCheck(scope.repo, key, now, verdict.passed);
      state = untilDoneState(historyNow(), entry);
    }
  }

  if (state.statusDue) {
    const { decision, nextStatusAt: next } = state;
    await postStatus(scope, { set, entry, decision, issues, runs, next, now });
    if (state.decision.kind === "paused") await postAlert(deps, scope, set, state, runs);
    store.noteStatus(scope.repo, key, state.decision.kind, now);
    log.info({ target: key, decision: state.decision.kind }, "until-done status");
  }
  steer(plan, scope.repo, set, issues, state, historyNow(), entry);
}
