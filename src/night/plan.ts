import { unknownAgentProblems } from "../config/agent-names.js";
import { ConfigError } from "../config/errors.js";
import type { HostConfig } from "../config/host-schema.js";
import { parseRepoConfig, REPO_CONFIG_PATH } from "../config/load.js";
import type { RepoTarget } from "../github/target.js";
import { withAdopted, type OfferedRepeat } from "../learn/adopted-repeat.js";
import { selectWithinQuota } from "../queue/select.js";
import type { SkipReason } from "../queue/skip-reason.js";
import type { Task } from "../queue/task.js";
import type { QuotaPolicy, QuotaSnapshot } from "../quota/thresholds.js";
import { repoFullName, type Logger, type Size } from "../types.js";
import type { RepoPlan, SessionPlan } from "../queue/plan-types.js";
import type { Calibration } from "../queue/task-estimate.js";
import { openRecurring, type RecurringMoment } from "./recurring.js";
import { triageAll } from "./triage-all.js";

/** What planning may know beyond the repository itself. */
export interface PlanOptions {
  /** The largest task size the coming window takes. */
  maxSize?: Size;
  /** The host's agent names: a config choosing another is reported (its runs would fail). */
  hostAgents?: readonly string[];
  /**
   * Write `needs-approval` and the status comment on queued issues that wait for approval and
   * lack them (labelled before the app saw a label event). The night's plan passes do; the
   * CLI's `plan` and `/nightshift plan` have no side effects.
   */
  syncStatus?: boolean;
  /**
   * Open the repositories' due `recurring:` occurrences as issues before reading the queue
   * (the night's preview and cycles; never the CLI's `plan` or `/nightshift plan`).
   */
  recurring?: RecurringMoment;
  /** A repository's adopted repeat suggestions (the journal's): opened like its `recurring:` entries. */
  adoptedRecurring?: (repo: string) => readonly OfferedRepeat[];
  /** Past runs: a task's cost is their median once there are enough (queue/task-estimate.ts). */
  calibration?: Calibration;
  /**
   * `owner/repo#N` of tasks that go before the rest (the weekend window's ticked candidates,
   * working until-done targets' issues).
   */
  runFirst?: ReadonlySet<string>;
  /** `owner/repo#N` of tasks that do not start, and why (paused or capped until-done targets). */
  hold?: ReadonlyMap<string, SkipReason>;
  /** The repository's raw config: a cycle shares one read with its until-done pass. */
  readConfig?: (target: RepoTarget) => Promise<unknown>;
}

/** Reads one repository's config and queue and sorts its tasks into eligible and skipped. */
export async function planRepo(
  target: RepoTarget,
  logger: Logger,
  options: PlanOptions = {},
): Promise<RepoPlan> {
  const plan: RepoPlan = { target, eligible: [], skipped: [], problems: [] };
  const { github, ref } = target;
  plan.info = await github.getRepo(ref);
  if (plan.info.archived) return plan;
  try {
    const raw = options.readConfig?.(target) ?? github.readConfig(ref, REPO_CONFIG_PATH);
    plan.config = parseRepoConfig(await raw);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    plan.problems.push(error.message);
    return plan;
  }
  const config = plan.config;
  if (!config.enabled) return plan;
  if (options.hostAgents)
    plan.problems.push(...unknownAgentProblems(config.agent, options.hostAgents));

  const issues = await github.listOpenIssues(ref);
  if (options.recurring) {
    try {
      const adopted = options.adoptedRecurring?.(repoFullName(ref)) ?? [];
      const recurring = withAdopted(config.recurring, adopted);
      issues.push(
        ...(await openRecurring(target, { recurring }, issues, options.recurring, logger)),
      );
    } catch (error) {
      // The queue is still planned; the report says the occurrences are late.
      logger.error({ err: error }, "opening recurring tasks failed");
      const message = error instanceof Error ? error.message : String(error);
      plan.problems.push(`recurring tasks could not be opened: ${message}`);
    }
  }
  const verdicts = await triageAll(target, config, issues, logger, options);
  for (const { task, reason } of verdicts) {
    if (reason) plan.skipped.push({ task, reason });
    else plan.eligible.push(task);
  }
  return plan;
}

/** Plans every repository together: one queue, one quota, shared by the host. */
export async function planSession(
  targets: readonly RepoTarget[],
  quota: QuotaSnapshot,
  policy: QuotaPolicy & Partial<Pick<HostConfig, "agents">>,
  logger: Logger,
  options: PlanOptions = {},
): Promise<SessionPlan> {
  // Callers pass the host config: its agents are what repositories may choose.
  const hostAgents = options.hostAgents ?? (policy.agents && Object.keys(policy.agents));
  const repoOptions = hostAgents ? { ...options, hostAgents } : options;
  const repos: RepoPlan[] = [];
  for (const target of targets) {
    const log = logger.child({ repo: `${target.ref.owner}/${target.ref.repo}` });
    try {
      repos.push(await planRepo(target, log, repoOptions));
    } catch (error) {
      log.error({ err: error }, "planning failed");
      const message = error instanceof Error ? error.message : String(error);
      repos.push({ target, eligible: [], skipped: [], problems: [`planning failed: ${message}`] });
    }
  }
  const key = (task: Task) => `${repoFullName(task.repo)}#${String(task.issue.number)}`;
  const planOf = new Map<Task, RepoPlan>();
  for (const plan of repos) {
    const held = plan.eligible.flatMap((task) => {
      const reason = options.hold?.get(key(task));
      return reason ? [{ task, reason }] : [];
    });
    plan.skipped.push(...held);
    plan.eligible = plan.eligible.filter((task) => !options.hold?.has(key(task)));
    for (const task of plan.eligible) planOf.set(task, plan);
  }
  const first = options.runFirst;
  const selection = selectWithinQuota([...planOf.keys()], quota, policy, (task) =>
    Boolean(first?.has(key(task))),
  );
  for (const { task, reason } of selection.skipped)
    planOf.get(task)?.skipped.push({ task, reason });
  const picked = selection.picked.flatMap((task) => {
    const plan = planOf.get(task);
    return plan ? [{ task, plan }] : [];
  });
  return { repos, picked, unit: quota.unit };
}
