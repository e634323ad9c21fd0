import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator, type Simulator } from "../../packages/simulator/src/index.js";
import { hostIsolation } from "../../src/sandbox/probe.js";
import { Journal, type JournalRun } from "../../src/store/journal.js";
import { nightOnGitHub, type NightOnGitHub } from "../support/night-view.js";
import {
  processesMentioning,
  startBuiltServer,
  type OperatorProcess,
  operatorEnv,
} from "../support/operator.js";

/**
 * A scheduled night through the built server, as an operator runs it, on the real clock: a
 * window that opens within a minute of the start and closes a minute later, a cycle a
 * minute. The first start posts the preview at once and runs the first cycle; it is stopped
 * with SIGTERM while one agent (acme/slide's) still runs. A second start on the same data
 * directory takes up that cycle at once (its owner is gone), recovers the run and finishes the
 * night; it is stopped while idle. The only real-time test: 1.5 to 2.5 minutes, most of it
 * waiting for the clock.
 */
const AGENT = fileURLToPath(new URL("./operator/tiny-agent.mjs", import.meta.url));
const SECRET = "operator-night-secret";
const REPOS = ["acme/calculator", "acme/abacus", "acme/slide"];
const hhmm = (date: Date) => date.toISOString().slice(11, 16);
const minutes = (date: Date, n: number) => new Date(date.getTime() + n * 60_000);

let sim: Simulator;
let dir: string;
let agentPath: string;
let hangFile: string;
let opensAt: Date;
let session: string;
let evening: string;
let first: OperatorProcess;
let second: OperatorProcess;
let stoppedWhileRunning: { code: number | null; signal: NodeJS.Signals | null };
let stoppedIdle: { code: number | null; signal: NodeJS.Signals | null };
let agentsAfterFirst: number[];
let interruptedRun: JournalRun | undefined;
let journal: Journal | undefined;
/** Every bot started, for afterAll to make sure none outlives a failed test. */
const started: OperatorProcess[] = [];
let night: NightOnGitHub;

const repository = (name: string) => ({
  owner: "acme",
  name,
  files: { "README.md": `# ${name}\n`, ".github/nightshift.yml": "agent: { default: tiny }\n" },
  collaborators: { maya: "admin" as const },
  issues: [
    {
      title: `Say what ${name} does`,
      author: "maya",
      labels: ["priority: high", "category: docs"],
      body: "One line in the README.",
    },
  ],
});

/** Starts the built server in `dir` and points the simulator's webhooks at it. */
async function start(): Promise<OperatorProcess> {
  const bot = startBuiltServer(dir);
  started.push(bot);
  const listening = await bot.waitForLog("Nightshift listening");
  sim.setWebhookUrl(`${String(listening.url)}/api/github/webhooks`);
  return bot;
}

const agentsRunning = () => processesMentioning(agentPath);

/** The journal as the night left it (opened once both processes have ended). */
function record(): Journal {
  if (!journal) throw new Error("the night did not finish");
  return journal;
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  // dist/ is built once for the suite (test/support/build-once.ts, vitest globalSetup).
  sim = await startSimulator({
    webhookSecret: SECRET,
    scenario: {
      users: [{ login: "maya" }],
      repositories: ["calculator", "abacus", "slide"].map(repository),
    },
  });
  dir = await mkdtemp(join(tmpdir(), "nightshift-operator-night-"));
  const agentDir = join(dir, "agent");
  const hangDir = join(dir, "hang");
  await mkdir(agentDir);
  await mkdir(hangDir);
  agentPath = join(agentDir, "tiny-agent.mjs");
  await copyFile(AGENT, agentPath);
  hangFile = join(hangDir, "acme.slide");
  await writeFile(hangFile, "");
  await writeFile(join(dir, "app.pem"), sim.privateKey, { mode: 0o600 });

  // The window opens at the first whole minute at least 20 s away, and closes a minute on: its
  // one cycle, cut short by the first stop, is taken up again by the second start at once.
  const now = new Date();
  opensAt = new Date(Math.ceil((now.getTime() + 20_000) / 60_000) * 60_000);
  session = `night@${opensAt.toISOString().slice(0, 10)}`;
  // A window that closed an hour before the first start: within the report grace, owed nothing.
  const eveningOpens = minutes(opensAt, -180);
  evening = `evening@${eveningOpens.toISOString().slice(0, 10)}`;
  const sandbox =
    (await hostIsolation("bubblewrap")).level === "bubblewrap" ? "bubblewrap" : "none";
  await writeFile(
    join(dir, "host.yml"),
    [
      `dataDir: ${join(dir, "data")}`,
      `sandbox: { mode: ${sandbox} }`,
      "defaultAgent: tiny",
      "agents:",
      "  tiny:",
      "    kind: command",
      `    command: [node, "${agentPath}", "${hangDir}", "{promptFile}"]`,
      `    sandbox: { mounts: [{ path: "${agentDir}" }, { path: "${hangDir}" }] }`,
      "quota: { provider: budget, limit: 1000, windowHours: 5 }",
      "maxConcurrent: 3",
      "progressMinutes: 1",
      "windows:",
      `  - { name: night, timezone: UTC, start: "${hhmm(opensAt)}", end: "${hhmm(minutes(opensAt, 1))}", everyMinutes: 1, jitterMinutes: 0, previewMinutesBefore: 2 }`,
      `  - { name: evening, timezone: UTC, start: "${hhmm(eveningOpens)}", end: "${hhmm(minutes(opensAt, -60))}", everyMinutes: 30, jitterMinutes: 0, previewMinutesBefore: 0 }`,
      "",
    ].join("\n"),
  );
  await writeFile(join(dir, ".env"), operatorEnv(sim, SECRET));

  // The first start: the preview at once, then the first cycle; stopped while slide's agent hangs.
  first = await start();
  await vi.waitFor(
    () => {
      expect(sim.state.pulls("acme/calculator")).toHaveLength(1);
      expect(sim.state.pulls("acme/abacus")).toHaveLength(1);
      // slide's agent (with its sandbox's processes, which name it too)
      expect(agentsRunning().length).toBeGreaterThan(0);
    },
    { timeout: 150_000, interval: 250 },
  );
  stoppedWhileRunning = await first.terminate();
  agentsAfterFirst = await vi.waitFor(
    () => {
      expect(agentsRunning()).toEqual([]);
      return agentsRunning();
    },
    { timeout: 10_000, interval: 50 },
  );
  const afterFirst = Journal.open(join(dir, "data"));
  try {
    interruptedRun = afterFirst.runsOf(session).find((run) => run.repo === "acme/slide");
  } finally {
    afterFirst.close();
  }

  // The second start: slide's agent now finishes; the night runs to its report.
  await rm(hangFile);
  second = await start();
  await vi.waitFor(
    () => {
      for (const repo of REPOS) {
        const reports = sim.state
          .issues(repo)
          .flatMap((issue) => sim.state.comments(repo, issue.number))
          .filter((c) => c.body.startsWith(`<!-- nightshift:report session=${session}`));
        expect(reports).toHaveLength(1);
      }
    },
    { timeout: 240_000, interval: 500 },
  );
  await vi.waitFor(
    () => {
      const done = second.lines.filter((l) => l.msg === "scheduled work done").map((l) => l.slot);
      expect(done).toContain(`${session}#report`);
    },
    { timeout: 60_000, interval: 100 },
  );
  await sim.idle();
  stoppedIdle = await second.terminate();
  const opened = Journal.open(join(dir, "data"));
  journal = opened;
  night = nightOnGitHub(sim, opened, session);
}, 420_000);

afterAll(async () => {
  for (const bot of started) bot.child.kill("SIGKILL");
  for (const pid of agentsRunning()) process.kill(pid, "SIGKILL");
  journal?.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
  nock.enableNetConnect();
});

describe("a scheduled night through the built server", () => {
  it("posts the preview of every repository before the window opens", () => {
    for (const repo of REPOS) {
      const preview = record().posts.get(session, repo, "preview");
      expect(preview?.state).toBe("posted");
      expect(new Date(preview?.at ?? 0).getTime()).toBeLessThan(opensAt.getTime());
    }
  });

  it("runs the cycles: one pull request per issue, slide's once its agent was let go", () => {
    for (const repo of REPOS) {
      expect(night.pullsPerIssue(repo)).toEqual(new Map([[1, 1]]));
    }
  });

  it("posts one morning report per repository, its counts and run ids the journal's", () => {
    for (const repo of REPOS) {
      const view = night.repo(repo);
      expect(view.reports).toHaveLength(1);
      expect(view.summary).toBe(view.journalSummary);
      expect(view.reportedRunIds).toEqual(view.journalRunIds);
    }
    expect(record().openRuns()).toEqual([]);
    expect(night.runningLabels()).toEqual([]);
  });

  it("takes up the cycle the first stop cut short at once, not a slot later", () => {
    const done = (bot: OperatorProcess) =>
      bot.lines.filter((line) => line.msg === "scheduled work done").map((line) => line.slot);
    expect(done(first)).not.toContain(`${session}#0`);
    expect(done(second)).toContain(`${session}#0`);
  });

  it("reports the run the first stop cut short", () => {
    expect(interruptedRun?.agentStartedAt).not.toBeNull();
    expect(night.repo("acme/slide").reportedRunIds).toContain(interruptedRun?.id);
    expect(record().getRun(interruptedRun?.id ?? "")?.state).toBe("interrupted");
  });

  it("posts nothing for a window that closed before the data directory's first start", () => {
    expect(record().session(evening)).toBeNull();
    const everything = REPOS.flatMap((repo) => [
      ...sim.state.issues(repo).map((issue) => issue.body),
      ...sim.state
        .issues(repo)
        .flatMap((issue) => sim.state.comments(repo, issue.number).map((c) => c.body)),
    ]);
    expect(everything.filter((body) => body.includes("evening@"))).toEqual([]);
  });

  it("stops on SIGTERM with exit 0, running or idle, and leaves no agent behind", () => {
    expect([stoppedWhileRunning, stoppedIdle]).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    expect(agentsAfterFirst).toEqual([]);
    expect(agentsRunning()).toEqual([]);
  });

  it("logs JSON lines only, to stderr, and nothing to stdout", () => {
    for (const bot of [first, second]) {
      expect(bot.stdout()).toBe("");
      const lines = bot.stderr().split("\n").filter(Boolean);
      expect(lines.length).toBe(bot.lines.length);
      const pino = (line: Record<string, unknown>) =>
        typeof line.level === "number" &&
        typeof line.time === "number" &&
        typeof line.msg === "string" &&
        line.name === "nightshift";
      expect(bot.lines.filter((line) => !pino(line))).toEqual([]);
      expect(bot.lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    }
  });
});
