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
import type { Journal } from "../store/journal.js";
import type { TargetRun } from "../store/until-done-log.js";
import type { IssueSnapshot, Logger } from "../types.js";
import { RepoScope } from "./until-done-post.js";
import { findResume } from "./until-done-resume.js";
import { emptyUntilDonePlan, type UntilDonePlan } from "./until-done-plan.js";

/** What reading the targets' state takes: nothing that writes. */
export interface UntilDoneReadDeps {
  host: HostConfig;
  logger: Logger;
  journal: Pick<Journal, "untilDone" | "getRun">;
  targets: readonly RepoTarget[];
  /** The cycle's one read of each repository's raw config (planning reads the same). */
  readConfig(target: RepoTarget): Promise<unknown>;
}

/** The repository's config, or null when it is unreadable (planning reports that). */
async function configOf(deps: UntilDoneReadDeps, target: RepoTarget): Promise<RepoConfig | null> {
  try {
    return parseRepoConfig(await deps.readConfig(target));
  } catch {
    return null;
  }
}

export const setOf = (t: UntilDoneTarget): UntilDoneSet =>
  t.milestone !== undefined ? { milestone: t.milestone } : { label: t.label ?? "" };

/** Runs `pass` for each until-done target of each enabled repository; one's failure is logged. */
export async function eachTarget(
  deps: UntilDoneReadDeps,
  pass: (scope: RepoScope, entry: UntilDoneTarget, log: Logger) => Promise<void>,
): Promise<void> {
  for (const target of deps.targets) {
    const config = await configOf(deps, target);
    if (!config?.enabled || config.untilDone.length === 0) continue;
    const scope = new RepoScope(target, config);
    const log = deps.logger.child({ repo: scope.repo });
    for (const entry of config.untilDone) {
      try {
        await pass(scope, entry, log);
      } catch (error) {
        // One target's trouble (GitHub refusing, a check failing to start) leaves the rest.
        log.error({ err: error, target: targetKey(setOf(entry)) }, "until-done pass failed");
      }
    }
  }
}

/**
 * The evening preview's until-done pass: each target's state as the journal and its issues
 * show it (the last check's verdict; a maintainer's resume on the report issue, read but not
 * reacted to or noted), steering the plan as a cycle would. It writes nothing: no reaction,
 * no completion check, no status comment, no journal row.
 */
export async function untilDonePreview(deps: UntilDoneReadDeps, now: Date): Promise<UntilDonePlan> {
  const plan = emptyUntilDonePlan();
  await eachTarget(deps, async (scope, entry, log) => {
    const set = setOf(entry);
    const key = targetKey(set);
    const view = await viewTarget(deps, scope, set, key, now);
    if (!view) return;
    let history = view.history();
    const { decision } = untilDoneState(history, entry);
    if (decision.kind === "paused") {
      const seen = deps.journal.untilDone.memory(scope.repo, key).commandsSeenAt?.getTime() ?? 0;
      const since = new Date(Math.max(decision.lastFailureAt.getTime(), seen));
      const { github, ref } = scope.target;
      // Found, never created: without a report issue there is no resume to read.
      const report = await github.findIssueWithLabel(ref, scope.config.labels.report);
      const comments = report ? await github.listComments(ref, report.number) : [];
      const found = report
        ? await findResume(
            github,
            ref,
            scope.config,
            { number: report.number, comments },
            set,
            since,
            log,
            { react: false },
          )
        : null;
      if (found?.resumedAt) history = { ...history, resumedAt: found.resumedAt };
    }
    steer(plan, scope.repo, set, view.issues, untilDoneState(history, entry), history, entry);
  });
  return plan;
}

export interface TargetView {
  issues: IssueSnapshot[];
  runs: TargetRun[];
  /** The state's inputs as the journal has them at this moment (it changes within a pass). */
  history: () => UntilDoneHistory;
}

/** A target's issues and the journal's runs of them; null when its milestone does not exist. */
export async function viewTarget(
  deps: UntilDoneReadDeps,
  scope: RepoScope,
  set: UntilDoneSet,
  key: string,
  now: Date,
): Promise<TargetView | null> {
  const issues = await scope.target.github.listIssuesOf(scope.target.ref, set);
  if (issues === null) return null;
  const store = deps.journal.untilDone;
  const runs = store.runsOf(
    scope.repo,
    issues.map((issue) => issue.number),
    unitOfQuota(deps.host.quota),
  );
  const history = (): UntilDoneHistory => {
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
  return { issues, runs, history };
}

/** What the target asks of this cycle's plan. */
export function steer(
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
