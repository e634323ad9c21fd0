import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { parseHostConfig } from "../src/config/load.js";
import { scheduledWork } from "../src/night/scheduled-work.js";
import { quotaProviderFor } from "../src/quota/ledger.js";
import { Scheduler } from "../src/schedule/scheduler.js";
import { startSimulator, type Scenario } from "../packages/simulator/src/index.js";
import { Journal } from "../src/store/journal.js";
import { benchProbot } from "./lib/bot.js";
import { round } from "./lib/stats.js";

export interface ProgressFigure {
  repositories: number;
  runs: number;
  /** Progress-comment writes over the night: creations, edits and the last word. */
  progressWrites: number;
  perRepository: number;
  /**
   * The same night under the old rule, counted: every finished run re-edited every
   * repository's progress comment (runs × repositories).
   */
  oldRule: number;
  /** What GitHub allows: 500 content-creating requests an hour. */
  hourlyLimit: number;
  /** PRs the night opened. */
  pullRequests: number;
  /** Content-creating requests (POST, PATCH, PUT, DELETE) over the whole night, tokens aside. */
  writes: number;
  writesPerPullRequest: number;
  byRoute: Record<string, number>;
}

/** A request's route with numbers and repository names folded, for the per-route table. */
const route = (method: string, path: string): string =>
  `${method} ${path.replace(/\/repos\/[^/]+\/[^/]+/, "/repos/{repo}").replace(/\/\d+(?=\/|$)/g, "/{n}")}`;

/**
 * `repositories` repositories with `perRepo` queued issues each (the first has one more), on a
 * night after the first: each already has its report issue.
 */
function nightScenario(repositories: number, perRepo: number): Scenario {
  return {
    users: [{ login: "maya" }],
    repositories: Array.from({ length: repositories }, (_, r) => ({
      owner: "acme",
      name: `repo-${String(r)}`,
      files: {
        "README.md": `# repo ${String(r)}\n`,
        ".github/nightshift.yml": "agent: { default: quick }\n",
      },
      collaborators: { maya: "admin" },
      issues: [
        // A night after the first: the report issue exists (creating it is once per install).
        { title: "Nightshift reports", author: "maya", labels: ["nightshift: report"] },
        ...Array.from({ length: perRepo + (r === 0 ? 1 : 0) }, (_, i) => ({
          title: `Task ${String(i + 1)}`,
          author: "maya",
          labels: ["priority: high", "category: docs"],
          body: "Write it down.",
        })),
      ],
    })),
  };
}

/**
 * A clock that runs a minute per real second while work happens, and jumps a minute per tick
 * between: runs take minutes, as at night, so the one-a-minute rule for progress edits has
 * something to hold back.
 */
class NightPace {
  private base: number;
  private since = performance.now();
  constructor(start: Date) {
    this.base = start.getTime();
  }
  now = (): Date => new Date(this.base + (performance.now() - this.since) * 60);
  tick(): void {
    this.base = Math.max(this.base + 60_000, this.now().getTime());
    this.since = performance.now();
  }
}

/**
 * Figure 7: one scheduled night over ten repositories (not the first: the report issues exist),
 * its writes per shipped PR, and how many of them are progress comments.
 */
export async function benchProgress(perRepo: number, repositories = 10): Promise<ProgressFigure> {
  const secret = "bench-progress";
  const sim = await startSimulator({
    scenario: nightScenario(repositories, perRepo),
    webhookSecret: secret,
  });
  const dataDir = await mkdtemp(join(tmpdir(), "nightshift-bench-progress-"));
  const journal = Journal.open(dataDir);
  try {
    const host = parseHostConfig({
      agents: {
        quick: {
          kind: "command",
          command: [process.execPath, "-e", "require('fs').writeFileSync('done.txt', 'x')"],
        },
      },
      defaultAgent: "quick",
      sandbox: { mode: "none" },
      maxConcurrent: 3,
      windows: [
        {
          name: "night",
          start: "23:00",
          end: "01:00",
          jitterMinutes: 0,
          previewMinutesBefore: 60,
        },
      ],
      dataDir,
    });
    const clock = new NightPace(new Date("2026-01-05T22:30:00Z"));
    const logger = pino({ level: "silent" });
    const scheduler = new Scheduler({
      windows: host.windows,
      journal,
      clock,
      random: () => 0,
      owner: "bench",
      logger,
      work: scheduledWork({
        probot: benchProbot(sim, secret),
        host,
        quota: quotaProviderFor(host.quota, journal),
        logger,
        journal,
        clock,
        ownerId: "bench",
      }),
    });
    const until = new Date("2026-01-06T01:30:00Z");
    while (clock.now() < until) {
      await scheduler.tick();
      clock.tick();
    }
    let progressWrites = 0;
    for (const repo of sim.state.repositories()) {
      const reportIssue = sim.state
        .issues(repo)
        .find((issue) => issue.labels.includes("nightshift: report"));
      const progress = sim.state
        .comments(repo, reportIssue?.number ?? 0)
        .filter((c) => c.body.startsWith("<!-- nightshift:progress"));
      for (const comment of progress) {
        const edits = sim.requests.filter(
          (r) =>
            r.method === "PATCH" &&
            r.path === `/repos/${repo}/issues/comments/${String(comment.id)}`,
        ).length;
        progressWrites += 1 + edits;
      }
    }
    const runs = journal.runsOf("night@2026-01-05").length;
    const writes = sim.requests.filter(
      (r) => r.method !== "GET" && !r.path.startsWith("/app/installations"),
    );
    const byRoute: Record<string, number> = {};
    for (const w of writes) {
      const key = route(w.method, w.path);
      byRoute[key] = (byRoute[key] ?? 0) + 1;
    }
    const pullRequests = sim.state
      .repositories()
      .reduce((sum, repo) => sum + sim.state.pulls(repo).length, 0);
    return {
      repositories,
      runs,
      progressWrites,
      perRepository: progressWrites / repositories,
      oldRule: runs * repositories,
      hourlyLimit: 500,
      pullRequests,
      writes: writes.length,
      writesPerPullRequest: round(writes.length / Math.max(1, pullRequests)),
      byRoute,
    };
  } finally {
    journal.close();
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
