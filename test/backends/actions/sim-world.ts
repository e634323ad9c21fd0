import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { Probot } from "probot";
import { startSimulator, type Simulator } from "../../../packages/simulator/src/index.js";
import { chooseBackend } from "../../../src/backends/choose.js";
import { BackendsHostSchema, BackendRepoSchema } from "../../../src/config/backends-schema.js";
import { actionsWorkflow } from "../../../src/backends/actions/workflow.js";
import { HostConfigSchema } from "../../../src/config/host-schema.js";
import { RepoConfigSchema, type RepoConfigInput } from "../../../src/config/repo-schema.js";
import { botIdentity } from "../../../src/github/bot-login.js";
import { octokitGitHub } from "../../../src/github/octokit-port.js";
import { UnthrottledOctokit } from "../../../src/github/unthrottled.js";
import type { Task } from "../../../src/queue/task.js";
import type { RunContext, RunDeps } from "../../../src/run/context.js";
import { createWorkspaces } from "../../../src/runner/workspace.js";
import type { Isolation } from "../../../src/sandbox/policy.js";
import { systemClock } from "../../../src/types.js";
import { fakeRunner, type JobBehaviour } from "./fake-runner.js";

export const SECRET = "actions-e2e-secret";
export const REF = { owner: "acme", repo: "calc" };

/** The agent every job runs: edits by issue number, as `edits` says (a node script, no network). */
export function editingAgent(edits: Record<number, string>): string[] {
  const script = `const edits = ${JSON.stringify(edits)};
const run = edits[process.env.NIGHTSHIFT_ISSUE];
if (run === undefined) { console.log("nothing to do"); process.exit(0); }
new Function("require", run)(require);
console.log("Edited for issue " + process.env.NIGHTSHIFT_ISSUE + ".");`;
  return ["node", "-e", script];
}

export interface WorldOptions {
  issues: number;
  behaviours?: ReadonlyMap<number, JobBehaviour>;
  edits: Record<number, string>;
  mode?: "github" | "ghes";
  withWorkflow?: boolean;
  /** The workflow file's text, when not the one this version prints. */
  workflowText?: string;
  repo?: RepoConfigInput;
  maxArtifactMb?: number;
}

/** A signed-webhook endpoint on 127.0.0.1 that hands each verified delivery to `onEvent`. */
async function webhookEndpoint(
  onEvent: (event: string, delivery: string, payload: unknown) => Promise<void>,
): Promise<{ url: string; pending: Set<Promise<void>>; close(): Promise<void> }> {
  const pending = new Set<Promise<void>>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(
        `sha256=${createHmac("sha256", SECRET).update(raw).digest("hex")}`,
      );
      const given = Buffer.from(String(req.headers["x-hub-signature-256"] ?? ""));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(202).end();
      const work = onEvent(
        String(req.headers["x-github-event"]),
        String(req.headers["x-github-delivery"]),
        JSON.parse(raw.toString("utf8")),
      ).finally(() => pending.delete(work));
      pending.add(work);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    pending,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/**
 * The simulator with one repository (the workflow committed unless told otherwise), its jobs
 * played by the fake runner, and the bot's side: its port, run deps and context, and a webhook
 * endpoint whose handler the test sets.
 */
export async function actionsWorld(options: WorldOptions, isolation: Isolation) {
  const workflow = options.workflowText ?? actionsWorkflow({ packageSpec: "nightshift@0.1.0" });
  const files: Record<string, string> = {
    "README.md": "# calc\n",
    "src/sum.js": "export const sum = (a, b) => a - b;\n",
    ...(options.withWorkflow === false
      ? {}
      : { ".github/workflows/nightshift-agent.yml": workflow }),
  };
  const issues = Array.from({ length: options.issues }, (_, i) => ({
    title: `Issue ${i + 1}`,
    body: `Fix number ${i + 1}`,
    author: "maya",
    labels: ["priority: high", "category: bug"],
  }));
  let onEvent: (event: string, delivery: string, payload: unknown) => Promise<void> = () =>
    Promise.resolve();
  const endpoint = await webhookEndpoint((event, delivery, payload) =>
    onEvent(event, delivery, payload),
  );
  const sim: Simulator = await startSimulator({
    webhookSecret: SECRET,
    webhookUrl: endpoint.url,
    scenario: {
      users: [{ login: "maya" }],
      repositories: [
        { owner: "acme", name: "calc", files, collaborators: { maya: "admin" }, issues },
      ],
    },
    actions: {
      runner: fakeRunner(options.behaviours ?? new Map()),
      mode: options.mode ?? "github",
    },
  });
  const dataDir = await mkdtemp(join(tmpdir(), "nightshift-actions-e2e-"));
  const log = pino({ level: "silent" });
  const probot = new Probot({
    appId: sim.appId,
    privateKey: sim.privateKey,
    baseUrl: sim.apiUrl,
    log,
    Octokit: UnthrottledOctokit,
  });
  const octokit = await probot.auth(1);
  const github = octokitGitHub(octokit, 1);
  const host = HostConfigSchema.parse({
    agents: { editor: { kind: "command", command: editingAgent(options.edits) } },
    defaultAgent: "editor",
    dataDir,
  });
  const backends = BackendsHostSchema.parse({
    default: "actions",
    actions: { enabled: true, maxArtifactMb: options.maxArtifactMb ?? 50 },
  });
  const workspaces = createWorkspaces({ cacheDir: dataDir, logger: log });
  const deps: RunDeps = {
    clock: systemClock,
    logger: log,
    host,
    sessionId: "s1",
    identity: await botIdentity(probot, octokit),
    baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    isolation,
    prepareWorkspace: (input) => workspaces.prepare(input),
  };
  const ctx: RunContext = {
    github,
    info: await github.getRepo(REF),
    config: RepoConfigSchema.parse(options.repo ?? {}),
    roleOf: () => Promise.resolve("admin"),
    // Actions runs name their files by the Actions run (finish.ts); the local attempt id is unused.
    runId: "s1-actions",
  };
  const task = (number: number): Task => ({
    repo: REF,
    issue: {
      number,
      title: `Issue ${number}`,
      body: `Fix number ${number}`,
      labels: ["priority: high", "category: bug"],
      author: "maya",
      authorType: "User",
      createdAt: "2026-11-20T00:00:00Z",
      state: "open",
    },
    priority: "high",
    category: "bug",
    cost: 1,
    problems: [],
  });
  const choice = chooseBackend(
    task(1),
    { backend: BackendRepoSchema.parse({}) },
    { backends, runTimeoutMinutes: 1 },
  );
  if (!choice.ok || choice.kind !== "actions")
    throw new Error("the actions backend was not chosen");
  return {
    sim,
    github,
    deps,
    ctx,
    task,
    choice,
    actions: backends.actions,
    pending: endpoint.pending,
    setWebhookHandler(handler: typeof onEvent) {
      onEvent = handler;
    },
    /** Every job played, every webhook delivered and handled. */
    async quiet(): Promise<void> {
      for (;;) {
        await sim.actions.settled();
        await sim.idle();
        if (endpoint.pending.size === 0) return;
        await Promise.all([...endpoint.pending]);
      }
    },
    async close() {
      await sim.close();
      await endpoint.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type ActionsWorld = Awaited<ReturnType<typeof actionsWorld>>;
