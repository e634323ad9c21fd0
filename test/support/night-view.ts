import { readDataBlock, type ReportData } from "../../src/report/data.js";
import type { Simulator } from "../../packages/simulator/src/index.js";
import type { Journal } from "../../src/store/journal.js";

export interface RepoView {
  /** Every bot comment on the report issue, oldest first. */
  comments: string[];
  previews: string[];
  progress: string[];
  reports: string[];
  /** The first report's JSON data. */
  data: ReportData | null;
  /** The report's count line, e.g. "4 runs: 3 shipped, 1 failed · 3 skipped". */
  summary: string | undefined;
  /** The same line, counted straight from the journal's rows. */
  journalSummary: string;
  reportedRunIds: string[];
  journalRunIds: string[];
}

export interface NightOnGitHub {
  repo(name: string): RepoView;
  labels(repo: string, issue: number): string[];
  statusComments(repo: string, issue: number): string[];
  /** `owner/repo#n` of every issue still labelled running. */
  runningLabels(): string[];
  /** How many pull requests each issue got (by their `Closes #n`). */
  pullsPerIssue(repo: string): Map<number, number>;
}

const SUMMARY = /\d+ runs: [^\n]*? skipped/;

/** What a night left on the simulator, side by side with what the journal holds. */
export function nightOnGitHub(sim: Simulator, journal: Journal, sessionId: string): NightOnGitHub {
  const botComments = (repo: string) => {
    const reportIssue = sim.state
      .issues(repo)
      .find((issue) => issue.labels.includes("nightshift: report"));
    return reportIssue
      ? sim.state
          .comments(repo, reportIssue.number)
          .filter((c) => c.authorType === "Bot")
          .map((c) => c.body)
      : [];
  };
  const marked = (bodies: string[], kind: string) =>
    bodies.filter((body) => body.startsWith(`<!-- nightshift:${kind} session=`));

  const journalSummary = (repo: string): string => {
    const runs = journal.runsOf(sessionId).filter((run) => run.repo === repo);
    const ran = new Set(runs.map((run) => run.issue));
    const skipped = journal.plans
      .skipsOf(sessionId)
      .filter((skip) => skip.repo === repo && !ran.has(skip.task.issue.number)).length;
    const shipped = runs.filter((run) => run.outcome?.status === "shipped").length;
    const interrupted = runs.filter((run) => run.state === "interrupted").length;
    const failed = runs.length - shipped - interrupted;
    const cut = interrupted > 0 ? `, ${String(interrupted)} interrupted` : "";
    return `${String(runs.length)} runs: ${String(shipped)} shipped, ${String(failed)} failed${cut} · ${String(skipped)} skipped`;
  };

  return {
    repo(name) {
      const comments = botComments(name);
      const reports = marked(comments, "report").filter((body) =>
        body.startsWith(`<!-- nightshift:report session=${sessionId} -->`),
      );
      const data = reports[0] ? readDataBlock(reports[0]) : null;
      return {
        comments,
        previews: marked(comments, "preview"),
        progress: marked(comments, "progress"),
        reports,
        data,
        summary: reports[0] ? SUMMARY.exec(reports[0])?.[0] : undefined,
        journalSummary: journalSummary(name),
        reportedRunIds: (data?.runs.map((run) => run.runId ?? "") ?? []).sort(),
        journalRunIds: journal
          .runsOf(sessionId)
          .filter((run) => run.repo === name)
          .map((run) => run.id)
          .sort(),
      };
    },
    labels: (repo, issue) =>
      sim.state.issues(repo).find((candidate) => candidate.number === issue)?.labels ?? [],
    statusComments: (repo, issue) =>
      sim.state
        .comments(repo, issue)
        .filter((c) => c.authorType === "Bot" && c.body.startsWith("<!-- nightshift:status"))
        .map((c) => c.body),
    runningLabels: () =>
      sim.state.repositories().flatMap((repo) =>
        sim.state
          .issues(repo)
          .filter((issue) => issue.labels.includes("nightshift: running"))
          .map((issue) => `${repo}#${String(issue.number)}`),
      ),
    pullsPerIssue(repo) {
      const counts = new Map<number, number>();
      for (const pull of sim.state.pulls(repo)) {
        const issue = Number(/Closes #(\d+)/.exec(pull.body)?.[1]);
        counts.set(issue, (counts.get(issue) ?? 0) + 1);
      }
      return counts;
    },
  };
}
