import { z } from "zod";
import { QUOTA_REFUSAL_SCHEMAS } from "../quota/refusal.js";
import { amountText, figureText, QuotaUnitSchema } from "../quota/unit.js";
import type { RepoRef } from "../types.js";
import type { Task } from "./task.js";

/**
 * Why a queued task does not run this session, as data: a kind and the facts behind it. Code
 * decides on the kind; the words are written only where people read them (`describeSkip`):
 * reports, previews, the CLI and issue comments.
 */
const SizeSchema = z.enum(["S", "M", "L", "XL"]);
const IssueKeySchema = z.object({ owner: z.string(), repo: z.string(), number: z.number() });

export const SkipReasonSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("label-problems"), problems: z.array(z.string()) }),
  z.object({ kind: z.literal("already-running") }),
  /** The journal holds a run of this issue whose process is still alive (another process). */
  z.object({ kind: z.literal("run-alive"), runId: z.string() }),
  z.object({ kind: z.literal("pr-open") }),
  z.object({ kind: z.literal("failed-earlier"), label: z.string() }),
  /** Bigger than the next window takes (planning outside a window, e.g. `/nightshift plan`). */
  z.object({ kind: z.literal("too-big"), size: SizeSchema, maxSize: SizeSchema }),
  z.object({
    kind: z.literal("window-sizes"),
    window: z.string(),
    size: SizeSchema,
    sizes: z.array(SizeSchema),
  }),
  z.object({
    kind: z.literal("window-time"),
    window: z.string(),
    size: SizeSchema,
    hours: z.number(),
    hoursLeft: z.number(),
  }),
  z.object({ kind: z.literal("window-closed"), window: z.string() }),
  z.object({ kind: z.literal("dependency-cycle"), members: z.array(IssueKeySchema) }),
  z.object({ kind: z.literal("waits-for"), blockers: z.array(IssueKeySchema) }),
  /** Blockers that do not exist or that this installation cannot read. */
  z.object({ kind: z.literal("blocker-unknown"), blockers: z.array(IssueKeySchema) }),
  z.object({ kind: z.literal("on-hold") }),
  z.object({ kind: z.literal("skipped-once") }),
  z.object({
    kind: z.literal("needs-approval"),
    requirement: z.string(),
    detail: z.string().optional(),
  }),
  ...QUOTA_REFUSAL_SCHEMAS,
  /** `sessionCapPrompts`, read in the quota's unit (a reason from before units: prompts). */
  z.object({
    kind: z.literal("session-cap"),
    left: z.number(),
    cap: z.number(),
    unit: QuotaUnitSchema.default("prompts"),
  }),
  z.object({ kind: z.literal("host-problem"), problems: z.array(z.string()) }),
  z.object({ kind: z.literal("session-paused"), why: z.string() }),
  /** Its until-done target (`target`, as a reader sees it) paused after failed runs in a row. */
  z.object({ kind: z.literal("until-done-paused"), target: z.string(), name: z.string() }),
  /** Its until-done target spent its daily cap; it frees at `resumesAt` (ISO). */
  z.object({ kind: z.literal("until-done-cap"), target: z.string(), resumesAt: z.string() }),
  /** Its until-done target's earlier picks this cycle take what the pause or the cap allows. */
  z.object({ kind: z.literal("until-done-paced"), target: z.string() }),
  /** The `actions` backend has `limit` jobs in flight (`backends.actions.maxConcurrent`). */
  z.object({ kind: z.literal("actions-busy"), limit: z.number() }),
]);

export type SkipReason = z.infer<typeof SkipReasonSchema>;

/** A task left out of a session, and why. */
export interface SkippedTask {
  task: Task;
  reason: SkipReason;
}
export type SkipKind = SkipReason["kind"];
export type IssueKeyData = z.infer<typeof IssueKeySchema>;

/** Reasons that only time, quota or the host will lift: such tasks are "next up". */
const WAITING: ReadonlySet<SkipKind> = new Set<SkipKind>([
  "quota-buffer",
  "quota-threshold",
  "quota-cost",
  "quota-unknown",
  "too-big",
  "window-sizes",
  "window-time",
  "session-cap",
  "host-problem",
  "session-paused",
  "actions-busy",
  "until-done-cap",
  "until-done-paced",
]);

export const waitsOnlyForTime = (reason: SkipReason): boolean => WAITING.has(reason.kind);

/** The quota's own refusals (not "unknown"): waiting for the quota to reset may help. */
export const isQuotaBound = (reason: SkipReason): boolean =>
  reason.kind === "quota-buffer" ||
  reason.kind === "quota-threshold" ||
  reason.kind === "quota-cost";

const issueName = (key: IssueKeyData, home: RepoRef | undefined): string =>
  home &&
  key.owner.toLowerCase() === home.owner.toLowerCase() &&
  key.repo.toLowerCase() === home.repo.toLowerCase()
    ? `#${key.number}`
    : `${key.owner}/${key.repo}#${key.number}`;

const names = (keys: readonly IssueKeyData[], home: RepoRef | undefined): string =>
  keys.map((key) => issueName(key, home)).join(", ");

/** The reason in words; issues of `home` (the task's repository) are named `#N`. */
export function describeSkip(reason: SkipReason, home?: RepoRef): string {
  switch (reason.kind) {
    case "label-problems":
      return `label problems: ${reason.problems.join("; ")}`;
    case "already-running":
      return "already running";
    case "run-alive":
      return "already running (its run is still going in another Nightshift process)";
    case "pr-open":
      return "a Nightshift pull request is already open";
    case "failed-earlier":
      return `failed earlier; remove "${reason.label}" or comment /retry`;
    case "too-big":
      return `too big for this window (size ${reason.size}; it takes up to ${reason.maxSize})`;
    case "window-sizes":
      return `too big for the window: the "${reason.window}" window takes sizes ${reason.sizes.join(", ")}, not ${reason.size}`;
    case "window-time":
      return `too big for the window: size ${reason.size} may take ${reason.hours} h, ${reason.hoursLeft.toFixed(1)} h of the "${reason.window}" window left`;
    case "window-closed":
      return `the "${reason.window}" window has closed`;
    case "dependency-cycle":
      return `on a dependency cycle (${names(reason.members, home)})`;
    case "waits-for":
      return `waits for ${names(reason.blockers, home)} to be closed`;
    case "blocker-unknown":
      return `waits for ${names(reason.blockers, home)}, which Nightshift cannot find or read`;
    case "on-hold":
      return "on hold (/hold)";
    case "skipped-once":
      return "skipped for this session (/skip)";
    case "needs-approval":
      return `needs approval (${reason.requirement})${reason.detail ? `: ${reason.detail}` : ""}`;
    case "quota-buffer":
      return `quota: ${figureText(reason.unit, reason.remaining)} of ${amountText(reason.unit, reason.limit)} left, below the ${reason.bufferPercent}% safety buffer`;
    case "quota-threshold":
      return `quota: ${reason.priority} priority runs only while more than ${amountText(reason.unit, reason.threshold)} remain (${figureText(reason.unit, reason.remaining)} left)`;
    case "quota-cost":
      return `quota: estimated cost ${figureText(reason.unit, reason.cost)} exceeds the ${amountText(reason.unit, reason.remaining)} left`;
    case "quota-unknown":
      return `quota unknown (${reason.why}): only critical runs`;
    case "session-cap":
      return `per-session cap: ${amountText(reason.unit, reason.left)} left of the ${figureText(reason.unit, reason.cap)} this session may use`;
    case "host-problem":
      return `host problem: ${reason.problems.join("; ")}`;
    case "session-paused":
      return `session paused: ${reason.why}`;
    case "until-done-paused":
      return `until done: ${reason.target} paused after failed runs (\`/nightshift resume ${reason.name}\` resumes it)`;
    case "until-done-cap":
      return `until done: ${reason.target} spent its daily cap; it frees at ${reason.resumesAt.slice(0, 16).replace("T", " ")} UTC`;
    case "until-done-paced":
      return `until done: ${reason.target}'s other runs this cycle take what its pause or cap allows`;
    case "actions-busy":
      return `GitHub Actions already runs ${reason.limit} Nightshift jobs (\`backends.actions.maxConcurrent\`)`;
  }
}

/** A few words per kind, for counts (`nightshift queue --stats`). */
export const SKIP_GROUP: Record<SkipKind, string> = {
  "label-problems": "label problems",
  "already-running": "already running",
  "run-alive": "already running",
  "pr-open": "pull request open",
  "failed-earlier": "failed earlier",
  "too-big": "too big",
  "window-sizes": "too big",
  "window-time": "too big",
  "window-closed": "window closed",
  "dependency-cycle": "dependency cycle",
  "waits-for": "blocked",
  "blocker-unknown": "blocked",
  "on-hold": "on hold",
  "skipped-once": "skipped",
  "needs-approval": "needs approval",
  "quota-buffer": "quota",
  "quota-threshold": "quota",
  "quota-cost": "quota",
  "quota-unknown": "quota",
  "session-cap": "session cap",
  "host-problem": "host problem",
  "session-paused": "session paused",
  "actions-busy": "Actions busy",
  "until-done-paused": "until-done paused",
  "until-done-cap": "until-done cap",
  "until-done-paced": "until-done cap",
};
