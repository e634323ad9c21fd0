import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { beforeAll, describe, expect, it } from "vitest";
import { scenarioHostConfig } from "../../src/demo/host.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { NIGHT_CRASH_POINTS, type CrashPoint } from "../../src/night/crash.js";
import { startSession } from "../../src/night/start.js";
import { readDataBlock } from "../../src/report/data.js";
import {
  loadScenarioFile,
  startSimulator,
  type Simulator,
} from "../../packages/simulator/src/index.js";
import { Journal } from "../../src/store/journal.js";
import { pidAlive, processOwnerId } from "../../src/store/owner.js";
import { nightOnGitHub, type RepoView } from "../support/night-view.js";
import { NightClock, playNight } from "../support/scheduled-night.js";

const scenarioPath = fileURLToPath(new URL("./crash-night.yml", import.meta.url));
const child = fileURLToPath(new URL("./night-child.ts", import.meta.url));
const slowAgent = fileURLToPath(new URL("./slow-agent.mjs", import.meta.url));
const SESSION = "night@2026-01-05";
const FROM = "2026-01-05T22:00:00Z";
const UNTIL = "2026-01-06T00:05:00Z";
const REPOS = ["acme/calculator", "acme/abacus"];
/** The queued issues that may run (calculator#3 waits for approval). */
const ELIGIBLE = { "acme/calculator": [1, 2], "acme/abacus": [1] } as const;

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runChild(env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve) => {
    // One process (no tsx wrapper), so the signal it sends itself is what the test sees.
    const proc = execFile(process.execPath, ["--import", "tsx", child], {
      env: { ...process.env, ...env },
      timeout: 90_000,
    });
    let stderr = "";
    proc.stderr?.on("data", (chunk: string) => (stderr += chunk));
    proc.on("exit", (code, signal) => {
      resolve({ code, signal, stderr });
    });
  });
}

const loadScenario = loadScenarioFile(scenarioPath);
let nextInstallation = 0;

/**
 * One night on its own simulator and data directory; the bot's first process runs in a child.
 * The restarts of several nights run at once in this process: @octokit/auth-app shares token
 * requests in flight across every app of a process by installation id, so each night's
 * simulator has an installation id of its own.
 */
async function withNight<T>(
  work: (night: {
    sim: Simulator;
    dataDir: string;
    env: Record<string, string>;
    /** The restart, in this process: a new owner; the killed one is gone. */
    restart: () => Promise<{ probot: Probot; journal: Journal }>;
  }) => Promise<T>,
): Promise<T> {
  const { scenario, scenarioDir } = await loadScenario;
  // An installation id of its own: restarts of several nights share this process (see below).
  nextInstallation += 1;
  const sim = await startSimulator({
    scenario,
    scenarioDir,
    webhookSecret: "crash-test",
    installationId: nextInstallation,
  });
  const dataDir = await mkdtemp(join(tmpdir(), "nightshift-crash-"));
  const opened: Journal[] = [];
  try {
    return await work({
      sim,
      dataDir,
      env: {
        SCENARIO: scenarioPath,
        GHE_HOST: sim.host,
        APP_ID: String(sim.appId),
        PRIVATE_KEY: sim.privateKey,
        NIGHTSHIFT_DATA_DIR: dataDir,
      },
      restart: () => {
        const probot = new Probot({
          appId: sim.appId,
          privateKey: sim.privateKey,
          baseUrl: sim.apiUrl,
          log: pino({ level: "silent" }),
          Octokit: UnthrottledOctokit,
        });
        const journal = Journal.open(dataDir);
        opened.push(journal);
        return Promise.resolve({ probot, journal });
      },
    });
  } finally {
    for (const journal of opened) journal.close();
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const hostOf = async (dataDir: string, override: Record<string, unknown> = {}) => {
  const { scenario, scenarioDir } = await loadScenario;
  return scenarioHostConfig(
    { ...(scenario.host as Record<string, unknown>), ...override },
    scenarioDir,
    dataDir,
  );
};

interface NightAfterCrash {
  /** The bot's processes before the restart, each SIGKILLed at its point. */
  killed: ChildResult[];
  restartError: string | null;
  ranAfterRestart: string[];
  repos: Map<string, RepoView>;
  pulls: Map<string, Map<number, number>>;
  runs: {
    id: string;
    repo: string;
    issue: number;
    state: string;
    reason: string | undefined;
    spent: number;
    estimated: number;
    agentStarted: boolean;
  }[];
  running: string[];
  sessionFinished: boolean;
}

/**
 * A scheduled night whose bot is killed (a real SIGKILL) at each of `points` in turn — the
 * second start dies at the second point, on top of what the first left — then restarted.
 */
async function crashedNight(points: readonly CrashPoint[]): Promise<NightAfterCrash> {
  return withNight(async ({ sim, dataDir, env, restart }) => {
    const killed: ChildResult[] = [];
    for (const point of points) {
      killed.push(
        await runChild({
          ...env,
          MODE: "scheduled",
          NIGHT_FROM: FROM,
          NIGHT_UNTIL: UNTIL,
          NIGHTSHIFT_CRASH_AT: point,
        }),
      );
    }
    const { probot, journal } = await restart();
    let restartError: string | null = null;
    let ranAfterRestart: string[] = [];
    const errors: string[] = [];
    const host = await hostOf(dataDir);
    try {
      ranAfterRestart = await playNight({
        probot,
        host,
        journal,
        logger: errorsInto(errors),
        clock: new NightClock(new Date(FROM)),
        until: new Date(UNTIL),
        owner: processOwnerId(),
      });
    } catch (error) {
      restartError = String(error);
    }
    const view = nightOnGitHub(sim, journal, SESSION);
    const spent = journal.spendOfSession(SESSION);
    return {
      killed,
      restartError: restartError ?? (errors.length > 0 ? errors.join("\n") : null),
      ranAfterRestart,
      repos: new Map(REPOS.map((repo) => [repo, view.repo(repo)])),
      pulls: new Map(REPOS.map((repo) => [repo, view.pullsPerIssue(repo)])),
      runs: journal.runsOf(SESSION).map((run) => ({
        id: run.id,
        repo: run.repo,
        issue: run.issue,
        state: run.state,
        reason: run.outcome?.reason,
        spent: spent.get(run.id) ?? 0,
        estimated: run.estimatedCost,
        agentStarted: run.agentStartedAt !== null,
      })),
      running: view.runningLabels(),
      sessionFinished: journal.session(SESSION)?.finishedAt !== null,
    };
  });
}

/**
 * Each night dies twice: at a point of the first half of a night, then, in the next start, at
 * the point seven further on, so every point is a real kill and the suite plays seven nights,
 * not fourteen (each costs a simulator, two bot processes, a restart and real git). The second
 * point always lies ahead of a night restarted from the first.
 */
const HALF = NIGHT_CRASH_POINTS.length / 2;
const PAIRS = NIGHT_CRASH_POINTS.slice(0, HALF).map(
  (point, i) => [point, NIGHT_CRASH_POINTS[i + HALF] ?? point] as const,
);
const nights = new Map<string, NightAfterCrash>();
/** The nights of the last three tests, started with the others in beforeAll. */
const started = new Map<() => Promise<void>, Promise<void>>();
function startedNight(night: () => Promise<void>): Promise<void> {
  const outcome = started.get(night);
  if (!outcome) throw new Error(`${night.name} was not started`);
  return outcome;
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  // Three nights at a time: each is a bot process, a restart and real git. The two nights of
  // the tests at the end of this file go first, with the rest (their assertions run in them,
  // and their tests await them; a failure is kept for its test).
  const queue: (() => Promise<unknown>)[] = [
    ...[killedAfterPull, outlivingAgent, killedBeforeFollowUpPush].map((night) => () => {
      const outcome = night();
      started.set(night, outcome);
      return outcome.catch(() => undefined);
    }),
    ...PAIRS.map((pair) => async () => {
      nights.set(pair.join(), await crashedNight(pair));
    }),
  ];
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await job();
    }),
  );
}, 300_000);

describe.each(PAIRS)(
  "a scheduled night killed at %s, started again and killed at %s, then restarted",
  (...pair) => {
    const night = () => {
      const found = nights.get(pair.join());
      if (!found) throw new Error(`no night for ${pair.join()}`);
      return found;
    };

    it("was killed by SIGKILL at both points, and the restart finished the night", () => {
      expect(night().killed.map((child) => child.signal)).toEqual(["SIGKILL", "SIGKILL"]);
      expect(night().restartError).toBeNull();
      expect(night().sessionFinished).toBe(true);
    });

    it("opened at most one pull request per issue", () => {
      for (const [, counts] of night().pulls) {
        for (const [, count] of counts) expect(count).toBe(1);
      }
    });

    it("ran every eligible issue to a PR or to a failure", () => {
      for (const [repo, issues] of Object.entries(ELIGIBLE)) {
        for (const issue of issues) {
          const attempts = night().runs.filter((run) => run.repo === repo && run.issue === issue);
          expect(attempts.length).toBeGreaterThan(0);
          expect(["done", "failed"]).toContain(attempts.at(-1)?.state);
        }
      }
      const runs = JSON.stringify(night().runs);
      expect(night().pulls.get("acme/calculator")?.get(1), runs).toBe(1);
      expect(night().pulls.get("acme/abacus")?.get(1), runs).toBe(1);
    });

    it("counted each run's spend once, and none for a run whose agent never started", () => {
      for (const run of night().runs) {
        expect(run.spent).toBe(run.agentStarted ? run.estimated : 0);
      }
    });

    it("posted one morning report per repository, its counts and runs the journal's", () => {
      expect(
        night().runs.filter((run) => !["done", "failed", "interrupted"].includes(run.state)),
      ).toEqual([]);
      for (const [, view] of night().repos) {
        expect(view.reports).toHaveLength(1);
        expect(view.summary).toBe(view.journalSummary);
        expect(view.reportedRunIds).toEqual(view.journalRunIds);
      }
    });

    it("left no issue labelled running and no progress comment saying it is working", () => {
      expect(night().running).toEqual([]);
      for (const [, view] of night().repos) {
        for (const body of view.progress) expect(body).toContain("is over");
      }
    });
  },
);

/** A `run --now` session killed after its first PR, and the next start (its own test below). */
async function killedAfterPull(): Promise<void> {
  await withNight(async ({ sim, dataDir, env, restart }) => {
    const first = await runChild({ ...env, MODE: "now", NIGHTSHIFT_CRASH_AT: "after-pull" });
    expect(first.signal).toBe("SIGKILL");
    const { probot, journal } = await restart();
    // A new session (as `nightshift run --now` makes): the killed one's report goes out too.
    await startSession({
      probot,
      host: await hostOf(dataDir),
      logger: pino({ level: "silent" }),
      journal,
    });
    expect(journal.unfinishedSessions()).toEqual([]);
    expect(journal.openRuns()).toEqual([]);
    // Every pull request on GitHub is shipped in exactly one session's report.
    const all = REPOS.flatMap((repo) =>
      sim.state.pulls(repo).map((pull) => ({ repo, number: pull.number })),
    );
    expect(all.length).toBeGreaterThan(0);
    for (const { repo, number } of all) {
      const reportsShippingIt = sim.state
        .comments(repo, reportIssueOf(sim, repo))
        .filter((c) => c.body.startsWith("<!-- nightshift:report session="))
        .filter((c) => shippedPulls(c.body).includes(number));
      expect(reportsShippingIt).toHaveLength(1);
    }
    for (const repo of REPOS) {
      const progress = sim.state
        .comments(repo, reportIssueOf(sim, repo))
        .filter((c) => c.body.startsWith("<!-- nightshift:progress"));
      for (const comment of progress) expect(comment.body).toContain("is over");
    }
  });
}

/** A `sandbox: none` agent left running by the killed bot (its own test below). */
async function outlivingAgent(): Promise<void> {
  await withNight(async ({ sim, dataDir, env, restart }) => {
    const ledgers = await mkdtemp(join(tmpdir(), "nightshift-ledgers-"));
    writeFileSync(join(ledgers, "hang"), "");
    const override = {
      sandbox: { mode: "none" },
      agents: {
        scripted: { kind: "command", command: ["node", slowAgent, ledgers, "{promptFile}"] },
      },
    };
    const pidsOf = () =>
      ["acme.calculator.1", "acme.calculator.2", "acme.abacus.1"].flatMap((issue) =>
        existsSync(join(ledgers, issue))
          ? readFileSync(join(ledgers, issue), "utf8").split("\n").filter(Boolean).map(Number)
          : [],
      );
    try {
      const first = await runChild({
        ...env,
        MODE: "now",
        NIGHTSHIFT_SESSION_ID: "unsandboxed",
        NIGHTSHIFT_CRASH_AT: "agent-started",
        HOST_OVERRIDE: JSON.stringify(override),
      });
      expect(first.signal).toBe("SIGKILL");
      // The agent outlives the bot: it still writes its pid after the kill.
      await until(() => pidsOf().some(pidAlive));
      const orphans = pidsOf();

      const { probot, journal } = await restart();
      await startSession({
        probot,
        host: await hostOf(dataDir, override),
        logger: pino({ level: "silent" }),
        journal,
        sessionId: "unsandboxed",
      });
      expect(orphans.filter(pidAlive)).toEqual([]);
      expect(existsSync(join(ledgers, "overlaps"))).toBe(false);
      expect(pidsOf().length).toBeGreaterThan(orphans.length);
      const runs = journal.runsOf("unsandboxed");
      expect(runs.filter((run) => run.state === "interrupted").length).toBeGreaterThan(0);
      expect(sim.state.pulls("acme/calculator").length).toBeGreaterThan(0);
    } finally {
      for (const pid of pidsOf()) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      await rm(ledgers, { recursive: true, force: true });
    }
  });
}

/**
 * A review follow-up killed before its push (its own test below): `run --now` ships
 * calculator#1, a reviewer's follow-up request labels it, the next `run --now` is killed with
 * the follow-up's commit made but not pushed, and the next start recovers and runs it again.
 */
async function killedBeforeFollowUpPush(): Promise<void> {
  await withNight(async ({ sim, dataDir, env, restart }) => {
    const host = await hostOf(dataDir);
    const silent = pino({ level: "silent" });
    const first = await restart();
    await startSession({ ...first, host, logger: silent, sessionId: "first" });
    const [pull, ...others] = sim.state.pulls("acme/calculator");
    expect(others).toEqual([]);
    await sim.act({
      as: "maya",
      label: { repo: "acme/calculator", issue: 1, add: ["nightshift: follow-up"] },
    });
    const killed = await runChild({
      ...env,
      MODE: "now",
      NIGHTSHIFT_SESSION_ID: "follow-up",
      NIGHTSHIFT_CRASH_AT: "before-follow-up-push",
    });
    expect(killed.signal).toBe("SIGKILL");
    const { probot, journal } = await restart();
    await startSession({ probot, journal, host, logger: silent, sessionId: "after" });
    // Not shipped: interrupted, its request kept so the next session ran it again.
    const [crashed] = journal.runsOf("follow-up");
    expect(crashed).toMatchObject({ issue: 1, state: "interrupted" });
    expect(crashed?.outcome).toMatchObject({ status: "interrupted" });
    expect(crashed?.outcome?.pr).toBeUndefined();
    const [retried] = journal.runsOf("after");
    expect(retried?.outcome).toMatchObject({ status: "shipped", followUp: true });
    // The interrupted session's report says so, and that the run was a follow-up.
    const report = sim.state
      .comments("acme/calculator", reportIssueOf(sim, "acme/calculator"))
      .find((c) => c.body.startsWith("<!-- nightshift:report session=follow-up"));
    expect(readDataBlock(report?.body ?? "")?.runs).toMatchObject([
      { issue: { number: 1 }, status: "interrupted", followUp: true, pr: null },
    ]);
    // One pull request, no second; its labels say so, nothing says running or asks again.
    expect(sim.state.pulls("acme/calculator").map((p) => p.number)).toEqual([pull?.number]);
    const labels = sim.state.labelsOf("acme/calculator", 1);
    expect(labels).toContain("nightshift: pr-open");
    expect(labels).not.toContain("nightshift: running");
    expect(labels).not.toContain("nightshift: follow-up");
    // Recovery claimed nothing on the issue: the only follow-up comment is the retry's.
    const notes = sim.state
      .comments("acme/calculator", 1)
      .filter((c) => c.authorType === "Bot" && c.body.includes("follow-up"));
    expect(notes.map((c) => c.body)).toEqual([
      expect.stringContaining("pushed a follow-up commit"),
    ]);
  });
}

describe("a review follow-up killed before its push", () => {
  it("is interrupted, not shipped, and runs again on the same pull request", async () => {
    await startedNight(killedBeforeFollowUpPush);
  });
});

describe("a `run --now` session killed after opening a pull request", () => {
  it("reports that PR as shipped in its own session's report, posted by the next start", async () => {
    await startedNight(killedAfterPull);
  });
});

describe("a `sandbox: none` agent that outlives the killed bot", () => {
  it("is stopped by the restart before anything else, and no second agent overlaps it", async () => {
    await startedNight(outlivingAgent);
  });
});

/** A silent logger that keeps what was logged at error level (the scheduler logs failed work). */
function errorsInto(errors: string[]) {
  return pino(
    { level: "error" },
    {
      write: (line: string) => {
        errors.push(line);
      },
    },
  );
}

/** Resolves once `condition` holds (checked every 20 ms); fails after 20 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 20_000) throw new Error("the condition never held");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function reportIssueOf(sim: Simulator, repo: string): number {
  return (
    sim.state.issues(repo).find((issue) => issue.labels.includes("nightshift: report"))?.number ?? 0
  );
}

/** The PR numbers a report's data block lists as shipped. */
function shippedPulls(body: string): number[] {
  return (readDataBlock(body)?.runs ?? []).flatMap((run) =>
    run.status === "shipped" && run.pr ? [run.pr.number] : [],
  );
}
