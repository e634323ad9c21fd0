import type { Simulator } from "../../packages/simulator/src/index.js";
import { markedComments, pullClosing, REPORT_LABEL, reportComments } from "./sim-views.js";
import type { WeekAction } from "./week-days.js";

/** The body with the box of the line ending in `tag` ticked, as a maintainer ticks it in the web UI. */
const tickLine = (body: string, tag: string): string =>
  body
    .split("\n")
    .map((line) => (line.endsWith(tag) ? line.replace(/^- \[ \]/, "- [x]") : line))
    .join("\n");

/**
 * Plays a maintainer's action through the simulator, which sends GitHub's webhooks for it. A
 * step that finds nothing to act on (no pull request, no weekend list) is an error in the
 * week's table, not something to skip quietly.
 */
export async function playAction(sim: Simulator, action: WeekAction): Promise<void> {
  switch (action.kind) {
    case "event":
      await sim.act(action.event);
      return;
    case "request-changes": {
      const pull = pullClosing(sim, action.repo, action.issue);
      if (!pull) throw new Error(`${action.repo}#${String(action.issue)} has no pull request`);
      await sim.act({
        as: action.as,
        review: {
          repo: action.repo,
          pull: pull.number,
          state: "CHANGES_REQUESTED",
          body: action.body,
          ...(action.comments ? { comments: action.comments } : {}),
        },
      });
      return;
    }
    case "merge":
      for (const issue of action.issues) {
        const pull = pullClosing(sim, action.repo, issue);
        if (!pull) throw new Error(`${action.repo}#${String(issue)} has no pull request`);
        await sim.act({ as: action.as, mergePull: { repo: action.repo, pull: pull.number } });
        // GitHub closes the issue a merged body's `Closes #N` names; the simulator leaves that
        // to the scenario, so the step does it.
        await sim.act({
          as: action.as,
          closeIssue: { repo: action.repo, issue, reason: "completed" },
        });
      }
      return;
    case "repeat-tick": {
      const report = sim.state
        .issues(action.repo)
        .find((issue) => issue.labels.includes(REPORT_LABEL));
      if (!report) throw new Error(`${action.repo} has no report issue`);
      const body = tickLine(report.body, `<!-- nightshift:repeat ${action.series} -->`);
      await sim.act({
        as: action.as,
        editIssue: { repo: action.repo, issue: report.number, body },
      });
      return;
    }
    case "weekend-tick": {
      const list = markedComments(reportComments(sim, action.repo), "weekend").at(-1);
      if (!list) throw new Error(`${action.repo} has no weekend list`);
      await sim.act({
        as: action.as,
        editComment: {
          repo: action.repo,
          id: list.id,
          body: tickLine(list.body, `<!-- nightshift:weekend #${String(action.issue)} -->`),
        },
      });
      return;
    }
  }
}
