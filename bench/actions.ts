import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProbotOctokit } from "probot";
import type { ActionsRunner, Simulator } from "../packages/simulator/src/index.js";
import { WaitingOctokit } from "../src/github/waiting-octokit.js";
import { runDemo, type DemoResult } from "../src/demo/run-demo.js";
import { median, round } from "./lib/stats.js";
import { SECONDARY_WRITES_PER_MINUTE } from "./writes.js";

const DEMO = fileURLToPath(new URL("../fixtures/scenarios/demo.yml", import.meta.url));

/**
 * How often the session asks GitHub about its runs while it waits (`reconcileActions`). The
 * demo asks every 100 ms, a GET per run in flight each time, which would count the wait, not
 * the run; `npm start`'s cycles and `run --now` ask every 30 s, and webhooks collect the runs
 * first. 15 s: one reconcile right after dispatch, then the webhooks collect.
 */
const POLL_MS = 15_000;

interface Logged {
  method: string;
  path: string;
  status: number;
  at: number;
}

export interface ActionsNightFigure {
  /** Runs dispatched to the simulator's Actions, and the PRs the night opened. */
  dispatched: number;
  pullRequests: number;
  /** Every REST request of the night on Actions, and of the same night run locally (tokens aside). */
  actionsNight: number;
  localNight: number;
  /** (actions night − local night) ÷ dispatched runs. */
  extraPerRun: number;
  /** Requests on the Actions routes (dispatch, run lookups, artifacts) ÷ dispatched runs. */
  actionsRoutesPerRun: number;
  /** Dispatch request → the run's PR request, real time, per run that opened a PR. */
  dispatchToPrMs: { median: number; max: number };
  /** actions night − local night, by route (positive: the Actions night sent more). */
  byRoute: Record<string, number>;
}

export interface DispatchBurstFigure {
  repositories: number;
  tasks: number;
  dispatched: number;
  /** Content-creating requests (POST, PATCH, PUT, DELETE; tokens aside) until the last dispatch. */
  writes: number;
  /** The most of those in any 60 s of the clock, unthrottled (the simulator answers in ~1 ms). */
  peakPerMinute: number;
  /** What @octokit/plugin-throttling allows production: one write a second (its `write` group). */
  throttledPerMinute: number;
  minuteLimit: number;
  /** Minutes those writes take when throttled to one a second. */
  throttledMinutes: number;
  byRoute: Record<string, number>;
  /** Requests of every method until the last dispatch, and the wall time of planning + dispatch. */
  requests: number;
  readsByRoute: Record<string, number>;
  wallMs: number;
}

/** A request's route with numbers and repository names folded. */
const route = (method: string, path: string): string =>
  `${method} ${path
    .replace(/\/repos\/[^/]+\/[^/]+/, "/repos/{repo}")
    .replace(/\/\d+(?=\/|$)/g, "/{n}")
    .replace(/\/labels\/[^/]+$/, "/labels/{name}")
    .replace(/\/workflows\/[^/]+/, "/workflows/{file}")}`;

const notToken = (r: Logged): boolean => !r.path.startsWith("/app/installations");
const isWrite = (r: Logged): boolean => r.method !== "GET" && notToken(r);
const isDispatch = (r: Logged): boolean =>
  r.method === "POST" && r.path.endsWith("/dispatches") && r.path.includes("/actions/workflows/");
const isPull = (r: Logged): boolean =>
  r.method === "POST" && /^\/repos\/[^/]+\/[^/]+\/pulls$/.test(r.path);

function byRouteOf(requests: readonly Logged[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests)
    counts[route(r.method, r.path)] = (counts[route(r.method, r.path)] ?? 0) + 1;
  return counts;
}

/** The issue number at the end of a run's title (`taskIdOf`: `…:acme-calculator-12`). */
const issueOfTitle = (title: string): number => Number(/-(\d+)$/.exec(title)?.[1] ?? "0");

/**
 * Per run that opened a PR: the time from its dispatch request to its PR request. A repository's
 * k-th dispatch made its k-th run (ids ascending); its k-th `POST /pulls` made its k-th PR.
 */
function dispatchToPr(sim: Simulator, requests: readonly Logged[]): number[] {
  const times: number[] = [];
  for (const repo of sim.state.repositories()) {
    const mine = requests.filter((r) => r.path.startsWith(`/repos/${repo}/`));
    const dispatchedAt = new Map<number, number>();
    const runs = sim.actions.runs(repo);
    mine.filter(isDispatch).forEach((r, k) => {
      const run = runs[k];
      if (run) dispatchedAt.set(issueOfTitle(run.displayTitle), r.at);
    });
    const pulls = [...sim.state.pulls(repo)].sort((a, b) => a.number - b.number);
    mine
      .filter((r) => r.path === `/repos/${repo}/pulls` && isPull(r))
      .forEach((r, k) => {
        const issue = Number(/Closes #(\d+)\n/.exec(pulls[k]?.body ?? "")?.[1] ?? "0");
        const at = dispatchedAt.get(issue);
        if (at !== undefined) times.push(r.at - at);
      });
  }
  return times;
}

/** The demo night, its requests copied out (and the Actions run timings) before the simulator closes. */
async function demoNight(backend: "local" | "actions") {
  let requests: Logged[] = [];
  let timings: number[] = [];
  const result: DemoResult = await runDemo({
    scenarioPath: DEMO,
    backend,
    sandboxMode: "none",
    actionsPollMs: POLL_MS,
    inspect: (sim) => {
      requests = sim.requests.filter(notToken);
      timings = dispatchToPr(sim, requests);
      return Promise.resolve();
    },
  });
  return { result, requests, timings };
}

/**
 * Figure 8a: the bundled demo night with every task on the simulator's Actions (the real job
 * played by the demo's runner), against the same night run locally: what the Actions runs add.
 */
export async function benchActionsNight(): Promise<ActionsNightFigure> {
  const local = await demoNight("local");
  const actions = await demoNight("actions");
  const dispatched = actions.result.runs.filter((r) => r.actionsRunId !== null).length;
  const localRoutes = byRouteOf(local.requests);
  const actionsRoutes = byRouteOf(actions.requests);
  const byRoute: Record<string, number> = {};
  for (const key of new Set([...Object.keys(localRoutes), ...Object.keys(actionsRoutes)])) {
    const delta = (actionsRoutes[key] ?? 0) - (localRoutes[key] ?? 0);
    if (delta !== 0) byRoute[key] = delta;
  }
  const onActionsRoutes = actions.requests.filter((r) => r.path.includes("/actions/")).length;
  return {
    dispatched,
    pullRequests: actions.result.issues.filter((i) => i.pr !== null).length,
    actionsNight: actions.requests.length,
    localNight: local.requests.length,
    extraPerRun: round((actions.requests.length - local.requests.length) / Math.max(1, dispatched)),
    actionsRoutesPerRun: round(onActionsRoutes / Math.max(1, dispatched)),
    dispatchToPrMs: {
      median: Math.round(median(actions.timings)),
      max: Math.max(0, ...actions.timings),
    },
    byRoute,
  };
}

/** `repositories` repositories with `perRepo` queued docs issues each, all allowed on Actions. */
function burstScenario(repositories: number, perRepo: number, tasks: number): unknown {
  return {
    users: [{ login: "maya" }],
    repositories: Array.from({ length: repositories }, (_, r) => ({
      owner: "acme",
      name: `repo-${String(r)}`,
      files: { "README.md": `# repo ${String(r)}\n` },
      collaborators: { maya: "admin" },
      issues: Array.from({ length: perRepo }, (_, i) => ({
        title: `Task ${String(i + 1)}`,
        author: "maya",
        labels: ["priority: high", "category: docs"],
        body: "Write it down.",
      })),
    })),
    events: [],
    host: {
      defaultAgent: "quick",
      agents: { quick: { kind: "command", command: ["node", "-e", "0"] } },
      sandbox: { mode: "none" },
      quota: { provider: "budget", limit: tasks * 10, windowHours: 5 },
      // Every task in one cycle: the burst the secondary limit is about.
      backends: { actions: { maxConcurrent: Math.min(256, tasks) } },
    },
  };
}

/** The most of `requests` (in time order) in any 60 s of the clock. */
function peakPerMinuteOf(requests: readonly Logged[]): number {
  let peak = 0;
  for (let i = 0, j = 0; j < requests.length; j++) {
    while ((requests[j]?.at ?? 0) - (requests[i]?.at ?? 0) >= 60_000) i++;
    peak = Math.max(peak, j - i + 1);
  }
  return peak;
}

/**
 * One session plans and dispatches `repositories × perRepo` tasks to Actions, the bot on
 * `Octokit`. The runner holds every job until the last dispatch (or fifteen minutes), so only
 * planning and dispatch are counted; its jobs then fail, which the night collects (not
 * counted). Every request of the night, tokens included, in the simulator's order.
 */
async function playBurst(
  repositories: number,
  perRepo: number,
  Octokit?: typeof ProbotOctokit,
): Promise<Logged[]> {
  const tasks = repositories * perRepo;
  const dir = await mkdtemp(join(tmpdir(), "nightshift-bench-actions-"));
  const scenarioPath = join(dir, "burst.json");
  await writeFile(scenarioPath, JSON.stringify(burstScenario(repositories, perRepo, tasks)));
  let calls = 0;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const timer = setTimeout(release, 15 * 60_000);
  const runner: ActionsRunner = async () => {
    calls += 1;
    if (calls >= tasks) release();
    await released;
    return { conclusion: "failure" };
  };
  let requests: Logged[] = [];
  try {
    await runDemo({
      scenarioPath,
      backend: "actions",
      runner,
      actionsPollMs: POLL_MS,
      ...(Octokit ? { Octokit } : {}),
      inspect: (sim) => {
        requests = [...sim.requests];
        return Promise.resolve();
      },
    });
  } finally {
    clearTimeout(timer);
    await rm(dir, { recursive: true, force: true });
  }
  return requests;
}

/** The requests up to the burst's last dispatch, tokens aside. */
function upToLastDispatch(requests: readonly Logged[]): Logged[] {
  const last = requests.findLastIndex(isDispatch);
  return requests.slice(0, last + 1).filter(notToken);
}

/**
 * Figure 8b: the burst with throttling off, as every figure runs against the simulator: what
 * the bot would send if nothing paced it.
 */
export async function benchDispatchBurst(
  repositories: number,
  perRepo: number,
): Promise<DispatchBurstFigure> {
  const upToDispatch = upToLastDispatch(await playBurst(repositories, perRepo));
  const writes = upToDispatch.filter(isWrite);
  const first = upToDispatch[0]?.at ?? 0;
  return {
    repositories,
    tasks: repositories * perRepo,
    dispatched: upToDispatch.filter(isDispatch).length,
    writes: writes.length,
    peakPerMinute: peakPerMinuteOf(writes),
    throttledPerMinute: 60,
    minuteLimit: SECONDARY_WRITES_PER_MINUTE,
    throttledMinutes: round(writes.length / 60),
    byRoute: byRouteOf(writes),
    requests: upToDispatch.length,
    readsByRoute: byRouteOf(upToDispatch.filter((r) => r.method === "GET")),
    wallMs: (upToDispatch.at(-1)?.at ?? first) - first,
  };
}

export interface PacedBurstFigure {
  repositories: number;
  tasks: number;
  dispatched: number;
  minuteLimit: number;
  /** Content-creating requests (tokens aside) until the last dispatch: planning + dispatch. */
  writes: number;
  /** The most of those in any 60 s of the clock, with production's throttling on. */
  peakPerMinute: number;
  /** First request → last dispatch, and first write → last dispatch, seconds. */
  wallSeconds: number;
  writeSeconds: number;
  /** The whole night (collecting the failed runs, the report): writes, their peak, seconds. */
  nightWrites: number;
  nightPeakPerMinute: number;
  nightSeconds: number;
  /** Answers of 403 or 429 (none expected: the simulator has no secondary limit of its own). */
  rateLimited: number;
  byRoute: Record<string, number>;
  nightByRoute: Record<string, number>;
}

/** Seconds from the first to the last of `requests`. */
const secondsOf = (requests: readonly Logged[]): number =>
  round(((requests.at(-1)?.at ?? 0) - (requests[0]?.at ?? 0)) / 1000);

/**
 * Figure 8c: the same burst with the Octokit `npm start` and the CLI give Probot
 * (`WaitingOctokit`: @octokit/plugin-throttling on), so production's pacing is counted, not
 * read from the plugin's source. Its whole night is counted too: collecting every run at once
 * (a label and a comment each) is a second burst.
 */
export async function benchPacedBurst(
  repositories: number,
  perRepo: number,
): Promise<PacedBurstFigure> {
  const requests = await playBurst(repositories, perRepo, WaitingOctokit);
  const upToDispatch = upToLastDispatch(requests);
  const writes = upToDispatch.filter(isWrite);
  const night = requests.filter(notToken);
  const nightWrites = night.filter(isWrite);
  return {
    repositories,
    tasks: repositories * perRepo,
    dispatched: upToDispatch.filter(isDispatch).length,
    minuteLimit: SECONDARY_WRITES_PER_MINUTE,
    writes: writes.length,
    peakPerMinute: peakPerMinuteOf(writes),
    wallSeconds: secondsOf(upToDispatch),
    writeSeconds: secondsOf(writes),
    nightWrites: nightWrites.length,
    nightPeakPerMinute: peakPerMinuteOf(nightWrites),
    nightSeconds: secondsOf(night),
    rateLimited: requests.filter((r) => r.status === 403 || r.status === 429).length,
    byRoute: byRouteOf(writes),
    nightByRoute: byRouteOf(nightWrites),
  };
}

export interface ActionsFigure {
  night: ActionsNightFigure;
  burst: DispatchBurstFigure;
}

/** Figure 8: the Actions backend's requests per run, and a 200-task dispatch against the minute limit. */
export async function benchActions(repositories: number, perRepo: number): Promise<ActionsFigure> {
  return {
    night: await benchActionsNight(),
    burst: await benchDispatchBurst(repositories, perRepo),
  };
}
