import type { HostConfig } from "../config/host-schema.js";
import { parseRepoConfig } from "../config/load.js";
import type { RepoConfig } from "../config/repo-schema.js";
import type { RepoTarget } from "../github/target.js";
import type { UntilDoneTarget } from "../learn/config-schema.js";
import {
  cycleAllowance,
  untilDoneState,
  type UntilDoneHistory,
  type UntilDoneState,
} from "../learn/until-done.js";
import {
  describeTarget,
  targetKey,
  targetName,
  type UntilDoneSet,
} from "../learn/until-done-target.js";
import { unitOfQuota } from "../quota/unit.js";
import type { RunDeps } from "../run/context.js";
import { runDoneCheck } from "../run/done-check.js";
import type { Journal } from "../store/journal.js";
import type { IssueSnapshot, Logger } from "../types.js";
import { postAlert, postStatus, RepoScope } from "./until-done-post.js";
import { findResume } from "./until-done-resume.js";
import { emptyUntilDonePlan, type UntilDonePlan } from "./until-done-plan.js";

export interface UntilDoneDeps {
  host: HostConfig;
  logger: Logger;
  journal: Pick<Journal, "untilDone" | "getRun">;
  targets: readonly RepoTarget[];
  /** What a completion check runs with (the session's run deps). */
  runDeps: RunDeps;
  /** False when nothing new may start (host problems, a paused session): no check runs. */
  checks: boolean;
  /** The cycle's one read of each repository's raw config (planning reads the same). */
  readConfig(target: RepoTarget): Promise<unknown>;
}

/** The repository's config, or null when it is unreadable (planning reports that). */
async function configOf(deps: UntilDoneDeps, target: RepoTarget): Promise<RepoConfig | null> {
  try {
    return parseRepoConfig(await deps.readConfig(target));
  } catch {
    return null;
  }
}

const setOf = (t: UntilDoneTarget): UntilDoneSet =>
  t.milestone !== undefined ? { milestone: t.milestone } : { label: t.label ?? "" };

/**
 * Every cycle, before planning: each until-done target's state from its issues and the
 * journal's runs of them. A paused target takes a maintainer's resume from the report issue; a
 * target with `doneWhen` is checked when it never was or has run since; a status comment is
 * upserted when due, and a pause gets an alert. What it returns steers the cycle's plan.
 */
export async function untilDonePass(deps: UntilDoneDeps, now: Date): Promise<UntilDonePlan> {
  const plan = emptyUntilDonePlan();
  for (const target of deps.targets) {
    const config = await configOf(deps, target);
    if (!config?.enabled || config.untilDone.length === 0) continue;
    const scope = new RepoScope(target, config);
    const log = deps.logger.child({ repo: scope.repo });
    for (const entry of config.untilDone) {
      try {
        await targetPass(deps, scope, entry, now, plan, log);
      } catch (error) {
        // One target's trouble (GitHub refusing, a check failing to start) leaves the rest.
        log.error({ err: error, target: targetKey(setOf(entry)) }, "until-done pass failed");
      }
    }
  }
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
  const issues = await github.listIssuesOf(ref, set);
  if (issues === null) {
    if (store.memory(scope.repo, key).lastStatus?.kind !== "missing") {
      const decision = { kind: "missing" as const };
      await postStatus(scope, { set, entry, decision, issues: [], runs: [], next: null, now });
      store.noteStatus(scope.repo, key, "missing", now);
    }
    return;
  }
  const runs = store.runsOf(
    scope.repo,
    issues.map((issue) => issue.number),
    unitOfQuota(deps.host.quota),
  );
  const historyNow = (): UntilDoneHistory => {
    const memory = store.memory(scope.repo, key);
    const last = memory.lastStatus;
    return {
      now,
      runs,
      issues: issues.map((issue) => ({ number: issue.number, state: issue.state })),
      ...(memory.check ? { criteriaMet: memory.check.passed } : {}),
      ...(memory.resumedAt ? { resumedAt: memory.resumedAt } : {}),
      ...(last && last.kind !== "missing" ? { lastStatus: { at: last.at, kind: last.kind } } : {}),
    };
  };
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

/** What the target asks of this cycle's plan. */
function steer(
  plan: UntilDonePlan,
  repo: string,
  set: UntilDoneSet,
  issues: readonly IssueSnapshot[],
  state: UntilDoneState,
  history: UntilDoneHistory,
  entry: UntilDoneTarget,
): void {
  const keys = issues
    .filter((issue) => issue.state === "open")
    .map((issue) => `${repo}#${String(issue.number)}`);
  const target = describeTarget(set);
  const { decision } = state;
  if (decision.kind === "continue") {
    for (const key of keys) plan.first.add(key);
    plan.allowances.push({ target, keys: new Set(keys), ...cycleAllowance(history, entry) });
  } else if (decision.kind === "paused") {
    for (const key of keys) {
      plan.hold.set(key, { kind: "until-done-paused", target, name: targetName(set) });
    }
  } else if (decision.kind === "daily-cap-reached") {
    const resumesAt = decision.resumesAt.toISOString();
    for (const key of keys) plan.hold.set(key, { kind: "until-done-cap", target, resumesAt });
  }
}
