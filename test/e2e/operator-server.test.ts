import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator, type Simulator } from "../../packages/simulator/src/index.js";
import { Journal } from "../../src/store/journal.js";
import { operatorEnv } from "../support/operator.js";

/**
 * The built server started as an operator starts it: `npm run build` (once for the suite), then
 * `node dist/main.js` in a directory holding its `.env`, key file and host config, GitHub being
 * the simulator.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SECRET = "operator-webhook-secret";
const REPO = "acme/calculator";

/** A window that opens twelve hours from now, so no session starts during the test. */
function farWindow(): { start: string; end: string } {
  const hhmm = (date: Date) => date.toISOString().slice(11, 16);
  const start = new Date(Date.now() + 12 * 3_600_000);
  return { start: hhmm(start), end: hhmm(new Date(start.getTime() + 60_000)) };
}

/** The child's JSON log lines, and a way to wait for one. */
function logLines(child: ChildProcess) {
  const lines: Record<string, unknown>[] = [];
  let text = "";
  let buffered = "";
  child.stderr?.on("data", (data: Buffer) => {
    text += data.toString();
    buffered += data.toString();
    const complete = buffered.split("\n");
    buffered = complete.pop() ?? "";
    for (const line of complete) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // Not a log line (a Node warning): kept in `text` for the failure message.
      }
    }
  });
  const waitFor = (message: string) =>
    vi.waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`the bot exited ${child.exitCode}:\n${text}`);
        const line = lines.find((l) => l.msg === message);
        if (!line) throw new Error(`no "${message}" yet:\n${text}`);
        return line;
      },
      { timeout: 20_000, interval: 50 },
    );
  return { lines, waitFor, text: () => text };
}

let sim: Simulator;
let dir: string;
let child: ChildProcess;
let log: ReturnType<typeof logLines>;
let url = "";

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  // dist/ is built once for the suite (test/support/build-once.ts, vitest globalSetup).
  sim = await startSimulator({
    webhookSecret: SECRET,
    scenario: {
      users: [{ login: "maya" }, { login: "sam" }],
      repositories: [
        {
          owner: "acme",
          name: "calculator",
          collaborators: { maya: "admin", sam: "write" },
          issues: [{ title: "Add max()", author: "sam", labels: ["category: feature"] }],
        },
      ],
    },
  });
  dir = await mkdtemp(join(tmpdir(), "nightshift-operator-"));
  await writeFile(join(dir, "app.pem"), sim.privateKey, { mode: 0o600 });
  const window = farWindow();
  await writeFile(
    join(dir, "host.yml"),
    [
      `dataDir: ${join(dir, "data")}`,
      "sandbox: { mode: none }",
      `windows: [{ name: night, start: "${window.start}", end: "${window.end}", previewMinutesBefore: 0 }]`,
      "",
    ].join("\n"),
  );
  await writeFile(join(dir, ".env"), operatorEnv(sim, SECRET));
  child = spawn(process.execPath, [join(ROOT, "dist/main.js")], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir },
    stdio: ["ignore", "ignore", "pipe"],
  });
  log = logLines(child);
  const listening = await log.waitFor("Nightshift listening");
  url = String(listening.url);
  sim.setWebhookUrl(`${url}/api/github/webhooks`);
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await sim.close();
  await rm(dir, { recursive: true, force: true });
  nock.enableNetConnect();
});

describe("npm start, as an operator runs it", () => {
  it("answers /ping and /ready", async () => {
    const ping = await fetch(`${url}/ping`);
    expect([ping.status, await ping.text()]).toEqual([200, "PONG"]);
    expect((await fetch(`${url}/ready`)).status).toBe(200);
  });

  it("answers a signed delivery and acts on it in GitHub", async () => {
    await sim.act({ as: "maya", label: { repo: REPO, issue: 1, add: ["priority: high"] } });
    await sim.idle();
    expect(sim.deliveries.map((d) => [d.event, d.action, d.status])).toContainEqual([
      "issues",
      "labeled",
      200,
    ]);
    await vi.waitFor(
      () => {
        expect(sim.state.labelsOf(REPO, 1)).toContain("needs-approval");
      },
      { timeout: 20_000, interval: 50 },
    );
    const comments = sim.state.comments(REPO, 1);
    expect(comments.map((c) => c.author)).toContain("nightshift[bot]");
    expect(sim.violations).toEqual([]);
  });

  it("stops on SIGTERM with exit code 0, the delivery ids flushed to its journal", async () => {
    await sim.idle(); // the bot's own label and comment have been delivered too
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    // Issue events queue work (comments without a command do not, and are not remembered).
    const ids = sim.deliveries
      .filter((d) => d.event === "issues" && d.status === 200)
      .map((d) => d.id);
    expect(ids.length).toBeGreaterThan(0);
    const journal = Journal.open(join(dir, "data"));
    try {
      expect(journal.deliveriesSince(new Date(0))).toEqual(expect.arrayContaining(ids));
    } finally {
      journal.close();
    }
  });
});
