import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Probot } from "probot";
import { systemClock } from "../types.js";
import { UnthrottledOctokit } from "../github/unthrottled.js";
import { KeyedWorkQueue } from "../github/work-queue.js";
import { createLogger } from "../logging/logger.js";
import { nightshiftApp } from "../app.js";
import type { SessionOutcome } from "../report/outcome.js";
import { previewSession } from "../night/preview.js";
import { startSession } from "../night/start.js";
import { quotaProviderFor } from "../quota/ledger.js";
import {
  type ActionsRunner,
  loadScenarioFile,
  startSimulator,
  type Simulator,
} from "../../packages/simulator/src/index.js";
import type { Isolation } from "../sandbox/policy.js";
import { startNightshiftServer, type NightshiftServer } from "../server/start.js";
import { actionsWorkflow } from "../backends/actions/workflow.js";
import { WORKFLOW_FILE } from "../config/backends-schema.js";
import type { HostConfig } from "../config/host-schema.js";
import { actionsEventsFor } from "../night/actions-app.js";
import { Journal } from "../store/journal.js";
import { demoRunner } from "./actions-runner.js";
import { scenarioHostConfig } from "./host.js";

export interface DemoOptions {
  scenarioPath: string;
  simPort?: number;
  /** `host:port` of a GitHub-compatible server to talk to instead of the simulator's address. */
  gheHost?: string;
  gheProtocol?: string;
  logLevel?: "silent" | "info" | "debug";
  /** Overrides the scenario's `sandbox.mode` (the benchmark plays the night both ways). */
  sandboxMode?: "bubblewrap" | "none";
  /** What the host's isolation is taken to be instead of probing it (tests of the notices). */
  isolation?: Isolation;
  /** Where every task runs: this host's sandbox (default), or the simulator's GitHub Actions. */
  backend?: "local" | "actions";
  /** Plays the simulator's Actions jobs instead of the demo's runner (benchmarks). */
  runner?: ActionsRunner;
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

const WEBHOOK_SECRET = "nightshift-demo-secret";

/** The host with every task routed to GitHub Actions, its job sandboxed as the host's runs. */
function onActions(host: HostConfig): HostConfig {
  const { actions } = host.backends;
  return {
    ...host,
    backends: {
      ...host.backends,
      default: "actions",
      actions: {
        ...actions,
        enabled: true,
        sandbox: host.sandbox.mode,
        // The demo's runner is this machine: the job's sandbox shows what the agents' mounts
        // show locally (mounts never travel to a runner; there they are `toolDirs`).
        toolDirs: [
          ...host.sandbox.toolDirs,
          ...Object.values(host.agents).flatMap((agent) =>
            agent.sandbox.mounts.map((mount) => mount.path),
          ),
        ],
      },
    },
  };
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
  const { scenario, scenarioDir } = await loadScenarioFile(options.scenarioPath);
  const dataDir = await mkdtemp(join(tmpdir(), "nightshift-demo-"));
  const onAction = options.backend === "actions";
  // The process logger: JSON lines, or readable ones at a terminal (`--verbose`).
  const log = createLogger(options.logLevel ?? "silent");
  const sim = await startSimulator({
    scenario,
    scenarioDir,
    port: options.simPort ?? 0,
    webhookSecret: WEBHOOK_SECRET,
    ...(onAction
      ? { actions: { runner: options.runner ?? demoRunner(log), mode: "github" as const } }
      : {}),
  });
  let server: NightshiftServer | undefined;
  const journal = Journal.open(dataDir);
  try {
    const scenarioHost = scenarioHostConfig(scenario.host, scenarioDir, dataDir);
    const sandboxed =
      options.sandboxMode === undefined
        ? scenarioHost
        : { ...scenarioHost, sandbox: { ...scenarioHost.sandbox, mode: options.sandboxMode } };
    const host = onAction ? onActions(sandboxed) : sandboxed;
    const baseUrl = options.gheHost
      ? `${options.gheProtocol ?? "https"}://${options.gheHost}/api/v3`
      : sim.apiUrl;
    const probot = new Probot({
      appId: sim.appId,
      privateKey: sim.privateKey,
      secret: WEBHOOK_SECRET,
      baseUrl,
      log,
      // The simulator answers at once; Probot's retry and throttle would only slow the demo.
      Octokit: UnthrottledOctokit,
    });
    const quota = quotaProviderFor(host.quota);
    // `/nightshift plan` answers from the same quota the session will use.
    // The bot answers webhooks at once and works on this queue; the demo waits for both.
    const queue = new KeyedWorkQueue({ concurrency: 4, maxPending: 10_000, logger: log });
    const settle = async () => {
      // Until a pass delivers nothing new: the bot's work makes webhooks of its own.
      for (let seen = -1; seen !== sim.deliveries.length || queue.size > 0;) {
        seen = sim.deliveries.length;
        await sim.idle();
        await queue.idle();
      }
    };
    const app = nightshiftApp({
      planContext: { quota: () => quota.snapshot(new Date()), policy: host },
      queue,
      // A dashboard tick adopting a repeat suggestion is kept in the demo's journal.
      repeats: journal.repeats,
      ...(onAction
        ? {
            actions: actionsEventsFor({
              probot,
              host,
              journal,
              quota,
              clock: systemClock,
              logger: log,
              ...(options.isolation ? { isolation: options.isolation } : {}),
            }),
          }
        : {}),
    });
    // The server `npm start` runs, on a free port of the loopback interface.
    server = await startNightshiftServer({ app, probot, log, host: "127.0.0.1", port: 0 });
    sim.setWebhookUrl(`${server.url}/api/github/webhooks`);

    // Each repository commits the workflow `nightshift init` prints, as an operator would.
    if (onAction) {
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
    await server?.stop();
    journal.close();
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
