import type { SessionOutcome } from "../report/outcome.js";
import { previewSession } from "../night/preview.js";
import { startSession } from "../night/start.js";
import { quotaProviderFor } from "../quota/ledger.js";
import type { Simulator } from "../../packages/simulator/src/index.js";
import { actionsWorkflow } from "../backends/actions/workflow.js";
import { WORKFLOW_FILE } from "../config/backends-schema.js";
import type { Journal } from "../store/journal.js";
import { startDemoWorld, type DemoWorldOptions } from "./demo-world.js";

export interface DemoOptions extends Omit<DemoWorldOptions, "clock"> {
  /** How often `run --now` asks GitHub about its runs on Actions while it waits (default 100 ms). */
  actionsPollMs?: number;
  /** Called with the simulator after the night, before it closes (tests read its git here). */
  inspect?: (sim: Simulator, settle: () => Promise<void>) => Promise<void>;
}

export interface DemoIssueResult {
  repo: string;
  number: number;
  title: string;
  labels: string[];
  pr: { number: number; draft: boolean; branch: string } | null;
}

/** Each run of the night, as the journal holds it: where it ran, and its Actions run. */
export interface DemoRun {
  repo: string;
  issue: number;
  backend: "local" | "actions";
  actionsRunId: number | null;
  state: string;
}

export interface DemoResult {
  session: SessionOutcome;
  runs: DemoRun[];
  issues: DemoIssueResult[];
  reports: { repo: string; issue: number; body: string }[];
  violations: readonly { method: string; path: string; message: string }[];
  durationMs: number;
}

/** The session's runs from the journal, each with its backend and Actions run id. */
function runsOf(journal: Journal, sessionId: string): DemoRun[] {
  return journal.runsOf(sessionId).map((run) => {
    const dispatch = journal.dispatches.get(run.id);
    return {
      repo: run.repo,
      issue: run.issue,
      backend: dispatch ? "actions" : "local",
      actionsRunId: dispatch?.actionsRunId ?? null,
      state: run.state,
    };
  });
}

/** What the simulator holds once the night is over: every issue's labels and PR, the reports. */
function collect(sim: Simulator): Pick<DemoResult, "issues" | "reports"> {
  const issues: DemoIssueResult[] = [];
  const reports: DemoResult["reports"] = [];
  for (const repo of sim.state.repositories()) {
    const pulls = sim.state.pulls(repo);
    for (const issue of sim.state.issues(repo).filter((i) => !i.isPullRequest)) {
      if (issue.labels.includes("nightshift: report")) {
        for (const comment of sim.state.comments(repo, issue.number)) {
          reports.push({ repo, issue: issue.number, body: comment.body });
        }
        continue;
      }
      const pull = pulls.find((p) => p.body.includes(`Closes #${issue.number}\n`));
      issues.push({
        repo,
        number: issue.number,
        title: issue.title,
        labels: [...issue.labels].sort(),
        pr: pull ? { number: pull.number, draft: pull.draft, branch: pull.head.ref } : null,
      });
    }
  }
  return { issues, reports };
}

/**
 * A whole compressed night against the simulator: start it with the scenario, start the bot
 * against it, play the scenario's daytime events through webhooks, run one session now.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const world = await startDemoWorld(options);
  const { sim, scenario, probot, host, journal, log, settle } = world;
  try {
    // The demo's night spends from a ledger of its own, as it always has.
    const quota = quotaProviderFor(host.quota);
    // Each repository commits the workflow `nightshift init` prints, as an operator would.
    if (options.backend === "actions") {
      for (const repo of scenario.repositories) {
        const admin = Object.keys(repo.collaborators).find(
          (login) => repo.collaborators[login] === "admin",
        );
        if (admin === undefined) continue;
        await sim.act({
          as: admin,
          push: {
            repo: `${repo.owner}/${repo.name}`,
            branch: repo.defaultBranch,
            files: {
              [`.github/workflows/${WORKFLOW_FILE}`]: actionsWorkflow({
                packageSpec: "nightshift@0.1.0",
              }),
            },
            message: "Add the Nightshift workflow",
          },
        });
      }
      await settle();
    }
    for (const event of scenario.events) {
      await sim.act(event);
      await settle();
    }
    // The evening preview first, so the demo shows what a maintainer sees before the night.
    await previewSession({
      probot,
      host,
      quota: quotaProviderFor(host.quota),
      logger: log,
      now: new Date(),
      ...(options.isolation ? { isolation: options.isolation } : {}),
    });
    const session = await startSession({
      probot,
      host,
      quota,
      logger: log,
      journal,
      // `run --now` waits for its runs on Actions; their webhooks usually collect them first.
      actionsPollMs: options.actionsPollMs ?? 100,
      ...(options.isolation ? { isolation: options.isolation } : {}),
    });
    await settle();
    await options.inspect?.(sim, settle);
    return {
      session,
      runs: runsOf(journal, session.sessionId),
      ...collect(sim),
      violations: [...sim.violations],
      durationMs: Date.now() - started,
    };
  } finally {
    await world.close();
  }
}
