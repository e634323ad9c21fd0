import type { SessionPlan } from "../queue/plan-types.js";
import { describeSkip } from "../queue/skip-reason.js";
import { estimateText } from "../queue/estimate-text.js";
import { inlineText } from "./format.js";
import { fitWithin } from "./size.js";

/**
 * The evening preview of one repository: what the next session plans to run, so a maintainer
 * can `/skip` or `/hold` items before it starts, and what will not run and why.
 */
export function renderPreview(
  repoPlan: SessionPlan["repos"][number],
  { picked, unit }: Pick<SessionPlan, "picked" | "unit">,
  opensAt: Date,
  /** Said first when set: e.g. that runs on this host are not isolated. */
  notice?: string,
): string {
  const mine = picked.filter((pick) => pick.plan === repoPlan).map((pick) => pick.task);
  return fitWithin([
    () =>
      [
        `### 🌆 Nightshift evening preview — ${repoPlan.target.ref.owner}/${repoPlan.target.ref.repo}`,
        "",
        ...(notice === undefined ? [] : [`> ⚠️ ${notice}`, ""]),
        `The next session opens at ${opensAt.toISOString()} and plans to run:`,
        "",
        ...(mine.length === 0
          ? ["Nothing."]
          : mine.map(
              (task, i) =>
                `${i + 1}. #${task.issue.number} ${inlineText(task.issue.title)} (${task.priority}, ${estimateText(task, unit)})`,
            )),
        "",
        "Comment `/skip` on an issue to leave it out of this session, or `/hold` to keep it out until `/unhold`.",
        ...(repoPlan.skipped.length > 0
          ? [
              "",
              "<details><summary>Not planned, and why</summary>",
              "",
              ...repoPlan.skipped.map(
                (skip) =>
                  `- #${skip.task.issue.number} ${inlineText(skip.task.issue.title)}: ${inlineText(describeSkip(skip.reason, skip.task.repo))}`,
              ),
              "",
              "</details>",
            ]
          : []),
      ].join("\n") + "\n",
  ]);
}
