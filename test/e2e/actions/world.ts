import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { Probot } from "probot";
import { startSimulator, type Simulator } from "../../../packages/simulator/src/index.js";
import { actionsWorkflow } from "../../../src/backends/actions/workflow.js";
import { WORKFLOW_FILE } from "../../../src/config/backends-schema.js";
import { parseHostConfig } from "../../../src/config/load.js";
import { nightshiftApp } from "../../../src/app.js";
import { UnthrottledOctokit } from "../../../src/github/unthrottled.js";
import { KeyedWorkQueue } from "../../../src/github/work-queue.js";
import { actionsEventsFor } from "../../../src/night/actions-app.js";
import { startSession } from "../../../src/night/start.js";
import { quotaProviderFor } from "../../../src/quota/ledger.js";
import type { SessionOutcome } from "../../../src/report/outcome.js";
import type { Isolation } from "../../../src/sandbox/policy.js";
import { startNightshiftServer } from "../../../src/server/start.js";
import { Journal } from "../../../src/store/journal.js";
import { systemClock } from "../../../src/types.js";
import { fakeRunner, type JobBehaviour } from "../../backends/actions/fake-runner.js";
import { editingAgent } from "../../backends/actions/sim-world.js";

export const noIsolation: Isolation = { level: "none", why: "opted-out" };
const SECRET = "actions-faults-secret";

export interface FaultWorldOptions {
  /** Issues of `acme/calc`, which commits the workflow; `acme/bare` has one issue and none. */
  issues: number;
  behaviours: ReadonlyMap<number, JobBehaviour>;
  edits: Record<number, string>;
  maxArtifactMb: number;
}

/**
 * A simulated GitHub with Actions (jobs played by the fake runner) and the host config of a bot
 * whose every task runs there. `bot()` starts the bot as `npm start` does: the server with the
 * Actions webhooks wired to the journal, and sessions on the same journal.
 */
export async function faultWorld(options: FaultWorldOptions) {
  const issue = (n: number) => ({
    title: `Issue ${n}`,
    body: `Fix number ${n}`,
    author: "maya",
    labels: ["priority: high", "category: bug"],
  });
  const files = { "README.md": "# calc\n", "src/sum.js": "export const sum = (a, b) => a - b;\n" };
  const sim: Simulator = await startSimulator({
    webhookSecret: SECRET,
    scenario: {
      users: [{ login: "maya" }],
      repositories: [
        {
          owner: "acme",
          name: "calc",
          files: {
            ...files,
            [`.github/workflows/${WORKFLOW_FILE}`]: actionsWorkflow({
              packageSpec: "nightshift@0.1.0",
            }),
          },
          collaborators: { maya: "admin" },
          issues: Array.from({ length: options.issues }, (_, i) => issue(i + 1)),
        },
        {
          owner: "acme",
          name: "bare",
          files,
          collaborators: { maya: "admin" },
          issues: [issue(1)],
        },
      ],
    },
    actions: { runner: fakeRunner(options.behaviours), mode: "github" },
  });
  const dataDir = await mkdtemp(join(tmpdir(), "nightshift-actions-faults-"));
  const hostRaw = {
    dataDir,
    agents: { editor: { kind: "command", command: editingAgent(options.edits) } },
    defaultAgent: "editor",
    sandbox: { mode: "none" },
    quota: { provider: "budget", limit: 500, windowHours: 5 },
    maxConcurrent: 3,
    backends: {
      default: "actions",
      actions: {
        enabled: true,
        sandbox: "none",
        maxArtifactMb: options.maxArtifactMb,
        maxConcurrent: 20,
      },
    },
  };
  const host = parseHostConfig(hostRaw);
  const log = pino({ level: "silent" });
  const probot = new Probot({
    appId: sim.appId,
    privateKey: sim.privateKey,
    secret: SECRET,
    baseUrl: sim.apiUrl,
    log,
    Octokit: UnthrottledOctokit,
  });

  /** The bot's process: its server (webhooks) and journal; `session` runs `run --now`. */
  async function bot() {
    const journal = Journal.open(dataDir);
    const quota = quotaProviderFor(host.quota, journal);
    const queue = new KeyedWorkQueue({ concurrency: 4, maxPending: 10_000, logger: log });
    const app = nightshiftApp({
      planContext: { quota: () => quota.snapshot(new Date()), policy: host },
      queue,
      actions: actionsEventsFor({
        probot,
        host,
        journal,
        quota,
        clock: systemClock,
        logger: log,
        isolation: noIsolation,
      }),
    });
    const server = await startNightshiftServer({ app, probot, log, host: "127.0.0.1", port: 0 });
    sim.setWebhookUrl(`${server.url}/api/github/webhooks`);
    return {
      journal,
      session: (sessionId: string): Promise<SessionOutcome> =>
        startSession({
          probot,
          host,
          quota,
          logger: log,
          journal,
          sessionId,
          isolation: noIsolation,
          actionsPollMs: 50,
        }),
      /** Until every job is played and every webhook, and the work it made, is done. */
      async settle(): Promise<void> {
        for (let seen = -1; seen !== sim.deliveries.length || queue.size > 0;) {
          seen = sim.deliveries.length;
          await sim.actions.settled();
          await sim.idle();
          await queue.idle();
        }
      },
      async close() {
        await server.stop();
        journal.close();
      },
    };
  }

  return {
    sim,
    hostRaw,
    bot,
    async close() {
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type FaultWorld = Awaited<ReturnType<typeof faultWorld>>;
