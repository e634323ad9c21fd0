import type { CommentView, Simulator } from "../../packages/simulator/src/index.js";
import type { RunStatus } from "../run/outcome.js";
import type { Journal } from "../store/journal.js";
import { markedComments, REPORT_LABEL, reportComments } from "./sim-views.js";

/** One run of the day's sessions, as the journal holds it. */
export interface WeekRun {
  session: string;
  repo: string;
  issue: number;
  title: string;
  /** `open` while the journal has not settled it (never at the end of a day). */
  status: RunStatus | "open";
  pr: number | null;
  followUp: boolean;
  /** What planning gave the task: the calibrated figure, or the label's or category's. */
  estimate: number;
  calibrated: boolean;
}

export interface WeekPull {
  repo: string;
  number: number;
  /** The issue its body closes. */
  issue: number | null;
}

/** What one day of the week came to: `--json` prints these, the text output their reports. */
export interface WeekDayOutcome {
  date: string;
  weekday: string;
  /** What the maintainers did that day (the week table's steps). */
  maintainers: string[];
  /** The scheduler's work that ran that day, by journal key (preview, cycles, report, weekend). */
  scheduled: string[];
  /** The sessions that ran cycles that day. */
  sessions: string[];
  runs: WeekRun[];
  pullRequests: { opened: WeekPull[]; updated: WeekPull[] };
  recurringOpened: { repo: string; number: number; title: string }[];
  /** The runs planned with a calibrated figure instead of the default. */
  calibrated: {
    repo: string;
    issue: number;
    estimate: number;
    default: number;
    pastRuns: number;
    scope: string;
  }[];
  /** Weekend lists posted or ticked that day: their candidates and the ticked ones. */
  weekend: { repo: string; candidates: number[]; ticked: number[] }[];
  followUps: { repo: string; issue: number; pull: number | null }[];
  /** Repeats the dashboard offers at the day's end (its suggestion lines, ticked or not). */
  repeatsOffered: { repo: string; suggestion: string }[];
  /** Repeat suggestions adopted that day by an approver's tick. */
  repeatsAdopted: { repo: string; series: string; title: string; by: string }[];
  /** Until-done status comments posted or edited that day: the target and its state. */
  untilDone: { repo: string; target: string; state: string }[];
  /** The morning reports, weekend lists and summaries, until-done statuses posted that day. */
  reports: {
    repo: string;
    kind: "morning" | "weekend-list" | "weekend-summary" | "until-done";
    body: string;
  }[];
}

/** Every pull request's head, to tell the day's new commits from the ones before it. */
export type PullHeads = Map<string, string>;

export function pullHeads(sim: Simulator): PullHeads {
  const heads: PullHeads = new Map();
  for (const repo of sim.state.repositories()) {
    for (const pull of sim.state.pulls(repo))
      heads.set(`${repo}#${String(pull.number)}`, pull.head.sha);
  }
  return heads;
}

const closedIssue = (body: string): number | null => {
  const match = /^Closes #(\d+)$/m.exec(body);
  return match ? Number(match[1]) : null;
};

const WEEKDAY_NAMES = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;

export const weekdayName = (date: string): string =>
  WEEKDAY_NAMES[new Date(`${date}T12:00:00Z`).getUTCDay()] ?? "";

/** A dashboard's repeat suggestion line (report/dashboard.ts renders them). */
const REPEAT_LINE = /^- \[[ xX]\] (.+) <!-- nightshift:repeat [a-z0-9-]+ -->$/gm;

/** The target and state a status comment names (report/until-done-comment.ts renders them). */
const UNTIL_DONE_TARGET = /^### 🔁 Until done: (.+)$/m;
const UNTIL_DONE_STATE = /^\*\*([a-z ]+)\*\*/m;

const CANDIDATE = /<!-- nightshift:weekend #(\d+) -->$/gm;
const TICKED = /^- \[[xX]\] .*<!-- nightshift:weekend #(\d+) -->$/gm;
const numbers = (body: string, pattern: RegExp): number[] =>
  [...body.matchAll(pattern)].map((match) => Number(match[1]));

export interface DayFacts {
  date: string;
  maintainers: string[];
  scheduled: string[];
  sessions: string[];
  /** The day's span on the driven clock: what was created in it is the day's. */
  from: Date;
  to: Date;
  headsBefore: PullHeads;
}

const within = (at: string, facts: DayFacts): boolean => {
  const time = Date.parse(at);
  return time >= facts.from.getTime() && time < facts.to.getTime();
};

/** The day's outcome from the journal and what GitHub (the simulator) shows at its end. */
export function dayOutcome(sim: Simulator, journal: Journal, facts: DayFacts): WeekDayOutcome {
  const runs: WeekRun[] = facts.sessions.flatMap((session) =>
    journal.runsOf(session).map((run) => ({
      session,
      repo: run.repo,
      issue: run.issue,
      title: run.task?.issue.title ?? "",
      status: run.outcome?.status ?? "open",
      pr: run.outcome?.pr?.number ?? run.prNumber,
      followUp: run.outcome?.followUp === true || run.task?.followUp === true,
      estimate: run.task?.cost ?? run.estimatedCost,
      calibrated: run.task?.estimate !== undefined,
    })),
  );
  const opened: WeekPull[] = [];
  const updated: WeekPull[] = [];
  const recurringOpened: WeekDayOutcome["recurringOpened"] = [];
  const weekend: WeekDayOutcome["weekend"] = [];
  const reports: WeekDayOutcome["reports"] = [];
  const untilDone: WeekDayOutcome["untilDone"] = [];
  const repeatsOffered: WeekDayOutcome["repeatsOffered"] = [];
  const repeatsAdopted: WeekDayOutcome["repeatsAdopted"] = [];
  for (const repo of sim.state.repositories()) {
    for (const pull of sim.state.pulls(repo)) {
      const before = facts.headsBefore.get(`${repo}#${String(pull.number)}`);
      const entry = { repo, number: pull.number, issue: closedIssue(pull.body) };
      if (before === undefined) opened.push(entry);
      else if (before !== pull.head.sha) updated.push(entry);
    }
    for (const issue of sim.state.issues(repo)) {
      if (issue.authorType !== "Bot" || !within(issue.createdAt, facts)) continue;
      if (issue.body.includes("<!-- nightshift:recurring:")) {
        recurringOpened.push({ repo, number: issue.number, title: issue.title });
      }
    }
    const dashboard = sim.state.issues(repo).find((issue) => issue.labels.includes(REPORT_LABEL));
    for (const match of dashboard?.body.matchAll(REPEAT_LINE) ?? []) {
      repeatsOffered.push({ repo, suggestion: match[1] ?? "" });
    }
    for (const adopted of journal.repeats.adopted(repo)) {
      if (!within(adopted.adoptedAt, facts)) continue;
      repeatsAdopted.push({
        repo,
        series: adopted.series,
        title: adopted.title,
        by: adopted.adoptedBy,
      });
    }
    const comments = reportComments(sim, repo);
    const touched = (comment: CommentView) =>
      within(comment.createdAt, facts) || within(comment.updatedAt, facts);
    for (const list of markedComments(comments, "weekend").filter(touched)) {
      weekend.push({
        repo,
        candidates: numbers(list.body, CANDIDATE),
        ticked: numbers(list.body, TICKED),
      });
      reports.push({ repo, kind: "weekend-list", body: list.body });
    }
    for (const session of facts.sessions) {
      for (const report of markedComments(comments, "report", session)) {
        reports.push({ repo, kind: "morning", body: report.body });
      }
    }
    for (const summary of markedComments(comments, "weekend-summary").filter(touched)) {
      reports.push({ repo, kind: "weekend-summary", body: summary.body });
    }
    for (const status of markedComments(comments, "until-done").filter(touched)) {
      untilDone.push({
        repo,
        target: UNTIL_DONE_TARGET.exec(status.body)?.[1] ?? "",
        state: UNTIL_DONE_STATE.exec(status.body)?.[1] ?? "",
      });
      reports.push({ repo, kind: "until-done", body: status.body });
    }
  }
  return {
    date: facts.date,
    weekday: weekdayName(facts.date),
    maintainers: facts.maintainers,
    scheduled: facts.scheduled,
    sessions: facts.sessions,
    runs,
    pullRequests: { opened, updated },
    recurringOpened,
    calibrated: facts.sessions.flatMap((session) =>
      journal.runsOf(session).flatMap((run) => {
        const estimate = run.task?.estimate;
        return estimate
          ? [
              {
                repo: run.repo,
                issue: run.issue,
                estimate: run.task?.cost ?? run.estimatedCost,
                default: estimate.default,
                pastRuns: estimate.runs,
                scope: estimate.scope,
              },
            ]
          : [];
      }),
    ),
    weekend,
    followUps: runs
      .filter((run) => run.followUp)
      .map((run) => ({ repo: run.repo, issue: run.issue, pull: run.pr })),
    repeatsOffered,
    repeatsAdopted,
    untilDone,
    reports,
  };
}
