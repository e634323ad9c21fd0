import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { act as applyEvent } from "./act.js";
import { DownloadLinks, type DownloadRecord } from "./actions/downloads.js";
import { ActionsEngine, type ActionsEngineOptions } from "./actions/engine.js";
import type { ActionsRunner } from "./actions/model.js";
import { runViews, type RunView } from "./actions/view.js";
import { TokenStore, generateAppKey } from "./auth.js";
import {
  RepoLock,
  gitDirOf,
  type RequestLogEntry,
  type SimContext,
  type Violation,
} from "./context.js";
import { FaultList, type FaultSpec } from "./faults.js";
import { commitInitial, initBare } from "./git-write.js";
import { RateLimits } from "./ratelimit.js";
import {
  parseEvent,
  parseScenario,
  type NormalizedScenario,
  type Scenario,
  type ScenarioEvent,
} from "./scenario.js";
import { closeServer, listen } from "./server.js";
import { createStateView, type SimState } from "./state.js";
import { WebhookQueue, type Delivery, type WebhookFault } from "./webhooks.js";
import { buildWorld, isoSeconds, type World } from "./world.js";

/**
 * An in-memory GitHub (Enterprise Server flavour) for the demo and end-to-end tests: REST under
 * `/api/v3`, git smart HTTP, signed webhooks. See docs/simulator.md.
 */

export { loadScenarioFile, ScenarioError } from "./scenario.js";
export type { Scenario, ScenarioEvent, NormalizedScenario } from "./scenario.js";
export type {
  SimState,
  IssueView,
  PullView,
  CommentView,
  ReactionView,
  LabelView,
} from "./state.js";
export type { Delivery, WebhookFault } from "./webhooks.js";
export type {
  ActionsDispatch,
  ActionsJobOutcome,
  ActionsRunner,
  RunConclusion,
  RunStatus,
} from "./actions/model.js";
export type { RunView } from "./actions/view.js";
export type { DownloadRecord } from "./actions/downloads.js";
export type { FaultSpec } from "./faults.js";
export type { Violation, RequestLogEntry } from "./context.js";

export interface SimulatorOptions {
  /** Parsed scenario (validated again here, so a hand-built object gets the same checks). */
  scenario: Scenario;
  /** Base directory for relative `files:` paths. Default: the working directory. */
  scenarioDir?: string;
  /** Default 0 (ephemeral). The server always binds 127.0.0.1. */
  port?: number;
  /** Where to POST signed webhooks; may be set later with setWebhookUrl. */
  webhookUrl?: string;
  webhookSecret: string;
  /** Default true: a request that violates GitHub's OpenAPI description gets a 400 (always recorded). */
  strictOpenApi?: boolean;
  /** Where bare repositories live. Default: a fresh temporary directory, removed on close. */
  dataDir?: string;
  /** Clock for timestamps on issues, comments and commits made while running. Default: real time. */
  now?: () => Date;
  /** How long one webhook delivery may take before it counts as "error". Default 10 s (GitHub's). */
  webhookTimeoutMs?: number;
  /** GitHub Actions: the runner function that plays dispatched jobs, and github.com or GHES behaviour. */
  actions?: ActionsEngineOptions;
  /**
   * The app's one installation's id. Default 1. @octokit/auth-app shares token requests in
   * flight across a process by installation id, so apps in one process talking to several
   * simulators at once need a different id for each.
   */
  installationId?: number;
}

/** Workflow runs (see docs/simulator.md, "Actions"). */
export interface SimActions {
  /** Plays every job dispatched from now on; without one, runs stay queued. */
  setRunner(runner: ActionsRunner | undefined): void;
  /** A repository's workflow runs, oldest first. */
  runs(fullName: string): RunView[];
  /** Marks a run's artifacts expired (downloads then answer 410). */
  expireArtifacts(runId: number): void;
  /** Deletes a completed run and its artifacts, as a maintainer can (it then answers 404). */
  deleteRun(runId: number): void;
  /** Resolves once no runner function is playing a job (then `idle()` delivers their webhooks). */
  settled(): Promise<void>;
  /** Every request to an artifact download URL. */
  downloads: ReadonlyArray<DownloadRecord>;
}

export interface Simulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** `${url}/api/v3`, the GitHub Enterprise-style REST base. */
  apiUrl: string;
  /** "127.0.0.1:PORT": GHE_HOST, with GHE_PROTOCOL=http. */
  host: string;
  appId: number;
  /** PKCS#1 PEM, RSA 2048, generated at start. */
  privateKey: string;
  appSlug: string;
  setWebhookUrl(url: string): void;
  /** Applies a human action: state changes and webhooks are queued (await `idle()` for delivery). */
  act(event: ScenarioEvent): Promise<void>;
  /** Resolves when the webhook queue is empty, including deliveries queued while waiting. */
  idle(): Promise<void>;
  deliveries: ReadonlyArray<Delivery>;
  violations: ReadonlyArray<Violation>;
  requests: ReadonlyArray<RequestLogEntry>;
  state: SimState;
  gitDir(fullName: string): string;
  faults: {
    add(fault: FaultSpec): void;
    /** Loses or duplicates the next deliveries of an event. */
    webhook(fault: WebhookFault): void;
    /** Forgets every REST fault still waiting (GitHub is well again). */
    clear(): void;
  };
  /** Events a webhook fault swallowed. */
  lostWebhooks: ReadonlyArray<{ event: string; action?: string }>;
  actions: SimActions;
  close(): Promise<void>;
}

const SIMULATOR_AUTHOR = { name: "Nightshift Simulator", email: "simulator@nightshift.invalid" };

async function createRepositories(
  world: World,
  scenario: NormalizedScenario,
  dataDir: string,
  scenarioDir: string,
): Promise<void> {
  // A fixed author and date: the same scenario always yields the same initial SHAs.
  const date = isoSeconds(new Date(Date.parse(scenario.startTime) - 3_600_000));
  for (const spec of scenario.repositories) {
    const repo = world.repo(spec.owner, spec.name);
    if (!repo) continue;
    const gitDir = gitDirOf(dataDir, repo);
    await rm(gitDir, { recursive: true, force: true });
    await initBare(gitDir, spec.defaultBranch);
    const files =
      spec.files === undefined
        ? { "README.md": `# ${spec.name}\n` }
        : typeof spec.files === "string"
          ? isAbsolute(spec.files)
            ? spec.files
            : resolve(scenarioDir, spec.files)
          : spec.files;
    await commitInitial(gitDir, spec.defaultBranch, files, { ...SIMULATOR_AUTHOR, date });
  }
}

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const scenario = parseScenario(opts.scenario, "scenario");
  const now = opts.now ?? (() => new Date());
  const ownsDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), "nightshift-sim-")));
  try {
    const key = await generateAppKey();
    const world = buildWorld(scenario, now, opts.installationId ?? 1);
    await createRepositories(world, scenario, dataDir, opts.scenarioDir ?? process.cwd());
    const listening = await listen(opts.port ?? 0);
    const { server, port } = listening;
    const url = `http://127.0.0.1:${port}`;
    const ctx: SimContext = {
      world,
      urls: { web: url, api: `${url}/api/v3` },
      hooks: new WebhookQueue({
        secret: opts.webhookSecret,
        appId: world.app.id,
        hookId: 1,
        timeoutMs: opts.webhookTimeoutMs ?? 10_000,
        ...(opts.webhookUrl === undefined ? {} : { url: opts.webhookUrl }),
      }),
      tokens: new TokenStore(),
      key,
      dataDir,
      strictOpenApi: opts.strictOpenApi ?? true,
      violations: [],
      requests: [],
      faults: new FaultList(),
      rates: new RateLimits(),
      lock: new RepoLock(),
      actions: new ActionsEngine(opts.actions),
      downloads: new DownloadLinks(),
    };
    listening.attach(ctx);
    return {
      url,
      apiUrl: ctx.urls.api,
      host: `127.0.0.1:${port}`,
      appId: world.app.id,
      privateKey: key.privateKey,
      appSlug: world.app.slug,
      setWebhookUrl: (webhookUrl) => {
        ctx.hooks.url = webhookUrl;
      },
      act: async (event) => {
        await applyEvent(ctx, parseEvent(event));
      },
      idle: () => ctx.hooks.idle(),
      deliveries: ctx.hooks.deliveries,
      violations: ctx.violations,
      requests: ctx.requests,
      state: createStateView(world, ctx.urls),
      gitDir: (fullName) => {
        const repo = world.repoByFullName(fullName);
        if (!repo) throw new Error(`simulator: no repository "${fullName}"`);
        return gitDirOf(dataDir, repo);
      },
      faults: {
        add: (fault) => {
          ctx.faults.add(fault);
        },
        webhook: (fault) => {
          ctx.hooks.addFault(fault);
        },
        clear: () => {
          ctx.faults.clear();
        },
      },
      lostWebhooks: ctx.hooks.lost,
      actions: {
        setRunner: (runner) => {
          ctx.actions.runner = runner;
        },
        runs: (fullName) => runViews(world, ctx.actions, fullName),
        expireArtifacts: (runId) => {
          const run = ctx.actions.runs.get(runId);
          if (run) ctx.actions.expire(run);
        },
        deleteRun: (runId) => {
          ctx.actions.delete(runId);
        },
        settled: () => ctx.actions.settled(),
        downloads: ctx.downloads.served,
      },
      close: async () => {
        ctx.hooks.close();
        ctx.actions.abortAll();
        await closeServer(server);
        if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
