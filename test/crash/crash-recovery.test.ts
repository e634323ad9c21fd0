import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { beforeAll, describe, expect, it } from "vitest";
import { CRASH_POINTS, type CrashPoint } from "../../src/night/crash.js";
import { readDataBlock } from "../../src/report/data.js";
import { loadScenarioFile, startSimulator } from "../../packages/simulator/src/index.js";
import { Journal } from "../../src/store/journal.js";

const scenarioPath = fileURLToPath(new URL("../../fixtures/scenarios/demo.yml", import.meta.url));
const child = fileURLToPath(new URL("./night-child.ts", import.meta.url));
const REPO = "acme/calculator";
const SESSION = "crash-night";

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

interface NightAfterCrash {
  point: CrashPoint;
  first: ChildResult;
  second: ChildResult;
  pullsPerIssue: Map<number, number>;
  runs: { id: string; state: string; issue: number }[];
  /** Per run: what it spent (0 when none) and what it was estimated to cost. */
  spend: { id: string; spent: number; estimated: number; startedWork: boolean }[];
  reportedRunIds: string[];
  labels: Map<number, readonly string[]>;
}

/** One night killed at `point`, then restarted; what the simulator and journal hold after. */
async function crashedNight(point: CrashPoint): Promise<NightAfterCrash> {
  const { scenario, scenarioDir } = await loadScenarioFile(scenarioPath);
  const sim = await startSimulator({ scenario, scenarioDir, webhookSecret: "crash-test" });
  const dataDir = await mkdtemp(join(tmpdir(), "nightshift-crash-"));
  try {
    // The daytime events (approving #3) are left out: four runs a night keep twelve nights quick.
    const env = {
      SCENARIO: scenarioPath,
      GHE_HOST: sim.host,
      APP_ID: String(sim.appId),
      PRIVATE_KEY: sim.privateKey,
      NIGHTSHIFT_DATA_DIR: dataDir,
      NIGHTSHIFT_SESSION_ID: SESSION,
    };
    const first = await runChild({ ...env, NIGHTSHIFT_CRASH_AT: point });
    const second = await runChild(env);

    const pullsPerIssue = new Map<number, number>();
    for (const pull of sim.state.pulls(REPO)) {
      const issue = Number(/Closes #(\d+)/.exec(pull.body)?.[1]);
      pullsPerIssue.set(issue, (pullsPerIssue.get(issue) ?? 0) + 1);
    }
    const labels = new Map(
      sim.state.issues(REPO).map((issue) => [issue.number, [...issue.labels]] as const),
    );
    const reportIssue = sim.state
      .issues(REPO)
      .find((issue) => issue.labels.includes("nightshift: report"));
    const reports = reportIssue
      ? sim.state
          .comments(REPO, reportIssue.number)
          .filter((c) => c.body.includes("morning report"))
      : [];
    const data = reports.length === 1 && reports[0] ? readDataBlock(reports[0].body) : null;

    const journal = Journal.open(dataDir);
    try {
      const runs = journal.runsOf(SESSION);
      const spent = journal.spendOfSession(SESSION);
      return {
        point,
        first,
        second,
        pullsPerIssue,
        runs: runs.map((run) => ({ id: run.id, state: run.state, issue: run.issue })),
        spend: runs.map((run) => ({
          id: run.id,
          spent: spent.get(run.id) ?? 0,
          estimated: run.estimatedCost,
          // Only a run interrupted before it started work has no spend.
          startedWork: !String(
            (run.detail["outcome"] as { interrupted?: string } | undefined)?.interrupted,
          ).includes("while planned"),
        })),
        reportedRunIds:
          reports.length === 1 ? (data?.runs.map((run) => run.runId ?? "") ?? []) : [],
        labels,
      };
    } finally {
      journal.close();
    }
  } finally {
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const nights = new Map<CrashPoint, NightAfterCrash>();

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  // Three nights at a time: each is two bot processes and real git.
  const queue = [...CRASH_POINTS];
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let point = queue.shift(); point; point = queue.shift()) {
        nights.set(point, await crashedNight(point));
      }
    }),
  );
}, 300_000);

describe.each(CRASH_POINTS.map((point) => [point]))("a night killed at %s", (point) => {
  const night = () => {
    const found = nights.get(point);
    if (!found) throw new Error(`no night for ${point}`);
    return found;
  };

  it("was killed by SIGKILL, and the restart finished cleanly", () => {
    expect(night().first.signal).toBe("SIGKILL");
    expect(night().second.stderr).toBe("");
    expect(night().second.code).toBe(0);
  });

  it("opened at most one pull request per issue", () => {
    for (const [, count] of night().pullsPerIssue) expect(count).toBe(1);
  });

  it("ran every eligible issue to a PR or to a failure the report explains", () => {
    // The demo's queued issues without its daytime approvals (#6 too, with the larger quota).
    for (const issue of [1, 2, 5, 6]) {
      const settled = night().runs.filter((run) => run.issue === issue);
      expect(settled.length).toBeGreaterThan(0);
      if (!night().pullsPerIssue.has(issue)) {
        expect(settled.every((run) => run.state === "failed")).toBe(true);
      }
    }
  });

  it("counted each run's spend once", () => {
    for (const run of night().spend) {
      expect(run.spent).toBe(run.startedWork ? run.estimated : 0);
    }
  });

  it("left no run open and accounted for every run in the morning report", () => {
    const { runs, reportedRunIds } = night();
    expect(runs.filter((run) => !["done", "failed"].includes(run.state))).toEqual([]);
    expect([...reportedRunIds].sort()).toEqual(runs.map((run) => run.id).sort());
  });

  it("left no issue labelled as running", () => {
    for (const [, labels] of night().labels) expect(labels).not.toContain("nightshift: running");
  });
});
