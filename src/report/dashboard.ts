import type { SessionPlan } from "../queue/plan-types.js";
import { approvalTag } from "../approval/ticks.js";
import { describeSkip } from "../queue/skip-reason.js";
import { inlineText } from "./format.js";
import { repeatsSection, type DashboardRepeats } from "./repeats-section.js";
import { fitWithin } from "./size.js";

/**
 * The report issue's body as a live dashboard of the queue: what waits for approval (with a
 * checkbox an approver may tick), what is queued, what is held back and why; then the repeat
 * suggestions an approver may adopt by ticking, and the adopted ones.
 */
export function renderDashboard(
  repoPlan: Pick<SessionPlan["repos"][number], "eligible" | "skipped">,
  now: Date,
  repeats: DashboardRepeats = { offered: [], adopted: [] },
): string {
  const waiting = repoPlan.skipped.filter((skip) => skip.reason.kind === "needs-approval");
  const held = repoPlan.skipped.filter((skip) => skip.reason.kind !== "needs-approval");
  return fitWithin([
    () =>
      [
        "## 🌙 Nightshift dashboard",
        "",
        `Updated ${now.toISOString()}. Reports are posted as comments below.`,
        "",
        "### Waiting for approval",
        "",
        "Tick a box to approve the issue as it reads now (the same as commenting `/approve`; only people who may approve can).",
        "",
        ...(waiting.length === 0
          ? ["Nothing waits for approval."]
          : waiting.map(
              (skip) =>
                `- [ ] #${skip.task.issue.number} ${inlineText(skip.task.issue.title)} — ${inlineText(describeSkip(skip.reason, skip.task.repo))} ${approvalTag(skip.task.issue.number)}`,
            )),
        "",
        "### Queued",
        "",
        ...(repoPlan.eligible.length === 0
          ? ["Nothing is queued."]
          : repoPlan.eligible.map(
              (task) =>
                `- #${task.issue.number} ${inlineText(task.issue.title)} (${task.priority})`,
            )),
        ...(held.length > 0
          ? [
              "",
              "### Not running, and why",
              "",
              ...held.map(
                (skip) =>
                  `- #${skip.task.issue.number} ${inlineText(skip.task.issue.title)}: ${inlineText(describeSkip(skip.reason, skip.task.repo))}`,
              ),
            ]
          : []),
        ...repeatsSection(repeats),
      ].join("\n") + "\n",
  ]);
}

const withoutTime = (body: string): string => body.replace(/^Updated \S+\. /m, "");

/** Whether two dashboards say the same, ignoring when each was rendered. */
export const sameDashboard = (a: string, b: string): boolean => withoutTime(a) === withoutTime(b);
