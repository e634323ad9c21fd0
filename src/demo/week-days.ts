import type { ScenarioEvent } from "../../packages/simulator/src/index.js";

/**
 * What a maintainer does between the nights, as a GitHub user would: any simulator event, a
 * review requesting changes on the Nightshift pull request of an issue, a tick on the
 * repository's weekend list (an edit of that comment) or a repeat suggestion on its dashboard (an
 * edit of the report issue), or merging issues' pull requests.
 */
export type WeekAction =
  | { kind: "event"; event: ScenarioEvent }
  | {
      kind: "request-changes";
      as: string;
      repo: string;
      issue: number;
      body: string;
      comments?: { path: string; line: number; body: string }[];
    }
  | { kind: "weekend-tick"; as: string; repo: string; issue: number }
  | { kind: "merge"; as: string; repo: string; issues: number[] }
  | { kind: "repeat-tick"; as: string; repo: string; series: string };

/** One row of the week: at a UTC time of the day, a maintainer acts; `says` is what the demo prints. */
export interface WeekStep {
  at: `${number}:${number}`;
  says: string;
  action: WeekAction;
}

export interface WeekDay {
  /** The local date (UTC): the day runs from 06:00 to 06:00 the next day, its night included. */
  date: string;
  steps: readonly WeekStep[];
}

/** fixtures/scenarios/demo-repo's `.github/nightshift.yml` with an until-done target added. */
const CALCULATOR_CONFIG_WITH_UNTIL_DONE = `agent:
  default: scripted
gates:
  - name: test
    run: node --test
    timeoutMinutes: 5
pullRequests:
  onGateFailure: draft
untilDone:
  - label: "epic: mean"
`;

/**
 * The bundled week (fixtures/scenarios/week.yml): one row per day, one step per maintainer
 * action. The scheduler decides everything else: previews, cycles, reports, recurring issues,
 * the weekend list and summary.
 */
export const WEEK: readonly WeekDay[] = [
  // Monday: the night runs the queue; its three docs runs reach calibration's minRuns (3).
  { date: "2026-01-05", steps: [] },
  {
    date: "2026-01-06",
    steps: [
      {
        at: "09:00",
        says: "maya ticks the repeat suggestion on acme/parser's dashboard: weekly release notes",
        action: {
          kind: "repeat-tick",
          as: "maya",
          repo: "acme/parser",
          series: "weekly-release-notes",
        },
      },
      {
        at: "10:00",
        says: "sam (write access) requests changes on the pull request for acme/calculator#1",
        action: {
          kind: "request-changes",
          as: "sam",
          repo: "acme/calculator",
          issue: 1,
          body: "Please also say what mean([]) returns.",
          comments: [{ path: "README.md", line: 11, body: "Mention the empty list here." }],
        },
      },
    ],
  },
  {
    date: "2026-01-07",
    steps: [
      {
        at: "09:00",
        says: 'maya adds an until-done target to acme/calculator: the issues labelled "epic: mean"',
        action: {
          kind: "event",
          event: {
            as: "maya",
            push: {
              repo: "acme/calculator",
              branch: "main",
              files: { ".github/nightshift.yml": CALCULATOR_CONFIG_WITH_UNTIL_DONE },
              message: "Work on the mean() epic until it is done",
            },
          },
        },
      },
      {
        at: "10:00",
        says: "maya opens a docs issue of the epic on acme/calculator",
        action: {
          kind: "event",
          event: {
            as: "maya",
            openIssue: {
              repo: "acme/calculator",
              title: "Mention mean() in the changelog",
              body: "The changelog does not say mean() exists.",
              labels: ["priority: medium", "category: docs", "epic: mean"],
            },
          },
        },
      },
    ],
  },
  {
    date: "2026-01-08",
    steps: [
      {
        at: "10:00",
        says: "sam queues the bug acme/calculator#3 (priority: high) and puts it in the epic",
        action: {
          kind: "event",
          event: {
            as: "sam",
            label: { repo: "acme/calculator", issue: 3, add: ["priority: high", "epic: mean"] },
          },
        },
      },
    ],
  },
  {
    date: "2026-01-09",
    steps: [
      {
        at: "10:00",
        says: "maya merges the epic's pull requests (acme/calculator#7 and #3)",
        action: { kind: "merge", as: "maya", repo: "acme/calculator", issues: [7, 3] },
      },
      {
        at: "19:00",
        says: "maya ticks acme/parser#2 on the weekend list (the tick approves it)",
        action: { kind: "weekend-tick", as: "maya", repo: "acme/parser", issue: 2 },
      },
    ],
  },
  { date: "2026-01-10", steps: [] },
  { date: "2026-01-11", steps: [] },
];
