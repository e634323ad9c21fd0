import { fork } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { examplePayload } from "../test/support/payloads.js";
import { benchProbot } from "./lib/bot.js";
import { nextMessage, startSimProcess, type SimProcess } from "./lib/sim-process.js";
import { median, percentile, round } from "./lib/stats.js";
import type { ServerChildSim, ServerKind } from "./lib/webhook-server-child.js";

const SECRET = "bench-secret";

export interface WebhookFigure {
  app: string;
  deliveries: number;
  /** Deliveries answered per second: what GitHub sees. */
  eventsPerSecond: number;
  /**
   * Deliveries answered per second of the server's own CPU while it answered them: the rate
   * one core sustains, which neighbours on a shared machine do not move as they move the
   * wall clock.
   */
  answeredPerCpuSecond: number;
  /** Deliveries fully handled per second, queued work included. */
  processedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** GitHub API requests the app made per delivery (queued work included). */
  requestsPerDelivery: number;
}

export interface WebhookFigures {
  figures: WebhookFigure[];
  /**
   * The target's ratio: the median of the rounds' Nightshift ÷ bare deliveries answered per
   * CPU second of the server.
   */
  ratio: number;
  ratios: number[];
  /** The same by the wall clock (answered events/s), which this shared VM makes noisy. */
  wallRatio: number;
  wallRatios: number[];
}

interface Delivery {
  name: string;
  body: string;
}

const repository = (payload: Record<string, unknown>) => {
  const repo = payload.repository as Record<string, unknown> & { owner: Record<string, unknown> };
  repo.name = "calculator";
  repo.full_name = "acme/calculator";
  repo.owner.login = "acme";
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
};

/** The mix: a priority label added, a comment with `/approve`, an issue edited. */
function deliveries(commentId: number): Delivery[] {
  const labeled = examplePayload("issues", "labeled");
  repository(labeled);
  Object.assign(labeled.issue as object, { number: 2 });
  labeled.label = { name: "priority: high", color: "d93f0b" };

  const comment = examplePayload("issue_comment", "created");
  repository(comment);
  Object.assign(comment.issue as object, { number: 1 });
  Object.assign(comment.comment as object, { body: "/approve", id: commentId });
  Object.assign((comment.comment as { user: object }).user, { login: "maya", type: "User" });

  const edited = examplePayload("issues", "edited");
  repository(edited);
  Object.assign(edited.issue as object, { number: 2 });

  return [
    { name: "issues", body: JSON.stringify(labeled) },
    { name: "issue_comment", body: JSON.stringify(comment) },
    { name: "issues", body: JSON.stringify(edited) },
  ];
}

function post(port: number, delivery: Delivery): Promise<number> {
  const started = performance.now();
  const signature = `sha256=${createHmac("sha256", SECRET).update(delivery.body).digest("hex")}`;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/github/webhooks",
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": delivery.name,
          "x-github-delivery": randomUUID(),
          "x-hub-signature-256": signature,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode !== 200)
            reject(new Error(`${delivery.name} delivery answered ${String(res.statusCode)}`));
          else resolve(performance.now() - started);
        });
      },
    );
    req.on("error", reject);
    req.end(delivery.body);
  });
}

interface Served {
  port: number;
  /** Resolves once the deliveries' work is done (Nightshift's queued work and journal write). */
  drained: () => Promise<void>;
  /** The CPU time the server's process has used, in microseconds. */
  cpu: () => Promise<number>;
  /** Resolves once the server's heap is collected, so the next round starts settled. */
  settle: () => Promise<void>;
  stop: () => Promise<void>;
}

const SERVER_CHILD = fileURLToPath(new URL("./lib/webhook-server-child.ts", import.meta.url));

/**
 * A server of `kind` in a process of its own (bench/lib/webhook-server-child.ts): bare Probot
 * (Probot's own middleware on a plain `node:http` server), Probot with empty handlers, or
 * Nightshift on the server `npm start` runs.
 */
async function serve(kind: ServerKind, sim: SimProcess): Promise<Served> {
  const info: ServerChildSim = { ...simCredentials(sim), secret: SECRET };
  const child = fork(SERVER_CHILD, [kind, JSON.stringify(info)], {
    execArgv: ["--import", "tsx", "--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const { port } = await nextMessage<{ port: number }>(child, "ready");
  return {
    port,
    drained: async () => {
      const reply = nextMessage(child, "drained");
      child.send({ type: "drain" });
      await reply;
    },
    settle: async () => {
      const reply = nextMessage(child, "settled");
      child.send({ type: "settle" });
      await reply;
    },
    cpu: async () => {
      const reply = nextMessage<{ micros: number }>(child, "cpu");
      child.send({ type: "cpu" });
      return (await reply).micros;
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const simCredentials = ({ apiUrl, appId, privateKey }: SimProcess) => ({
  apiUrl,
  appId,
  privateKey,
});

async function drive(
  { port, drained, cpu, settle }: Pick<Served, "port" | "drained" | "cpu" | "settle">,
  mix: Delivery[],
  total: number,
  concurrency: number,
): Promise<Omit<WebhookFigure, "app" | "requestsPerDelivery">> {
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = await cpu();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const delivery = mix[next++ % mix.length];
        if (delivery) latencies.push(await post(port, delivery));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = ((await cpu()) - cpuBefore) / 1e6;
  await drained();
  const processedSeconds = (performance.now() - started) / 1000;
  await settle();
  return {
    deliveries: total,
    eventsPerSecond: round(total / seconds, 1),
    answeredPerCpuSecond: round(total / cpuSeconds, 1),
    processedPerSecond: round(total / processedSeconds, 1),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

/** Each field the median of the rounds'. */
function medianFigure(app: string, runs: readonly Omit<WebhookFigure, "app">[]): WebhookFigure {
  const mid = (pick: (run: Omit<WebhookFigure, "app">) => number, digits = 2) =>
    round(median(runs.map(pick)), digits);
  return {
    app,
    deliveries: runs[0]?.deliveries ?? 0,
    eventsPerSecond: mid((r) => r.eventsPerSecond, 1),
    answeredPerCpuSecond: mid((r) => r.answeredPerCpuSecond, 1),
    processedPerSecond: mid((r) => r.processedPerSecond, 1),
    p50Ms: mid((r) => r.p50Ms),
    p99Ms: mid((r) => r.p99Ms),
    requestsPerDelivery: mid((r) => r.requestsPerDelivery),
  };
}

const requestCount = async (sim: SimProcess): Promise<number> =>
  (await sim.requests()).requests.length;

/**
 * Figure 2: events per second and latency for the mix, Nightshift on the server `npm start`
 * runs against a bare Probot app (Probot's own middleware on a plain `node:http` server)
 * receiving the same signed deliveries. GitHub is the simulator, in its own process.
 */
export async function benchWebhooks(
  total: number,
  rounds = 3,
  concurrency = 4,
): Promise<WebhookFigures> {
  const sim = await startSimProcess(
    {
      users: [{ login: "maya" }, { login: "sam" }],
      repositories: [
        {
          owner: "acme",
          name: "calculator",
          collaborators: { maya: "admin", sam: "write" },
          issues: [
            {
              title: "Add max()",
              author: "sam",
              labels: ["priority: high", "category: feature"],
              comments: [{ author: "maya", body: "/approve" }],
            },
            { title: "Fix sum()", author: "sam", labels: ["priority: high", "category: bug"] },
          ],
        },
      ],
    },
    SECRET,
  );
  const figures: WebhookFigure[] = [];
  const ratios: number[] = [];
  const wallRatios: number[] = [];
  const served: (Served & { name: string })[] = [];
  try {
    // The /approve comment must exist: the bot reacts to it.
    const octokit = await benchProbot(sim, SECRET).auth(1);
    const { data: comments } = await octokit.rest.issues.listComments({
      owner: "acme",
      repo: "calculator",
      issue_number: 1,
    });
    const mix = deliveries(comments[0]?.id ?? 0);
    const apps: [string, ServerKind][] = [
      ["bare Probot", "bare"],
      // Not a target, a breakdown: what Probot itself costs an app that handles these events
      // (it builds a context, with an installation Octokit, for every delivery that has a handler).
      ["Probot, empty handlers", "empty"],
      // With the queue and journal dedupe `npm start` gives it (delivery ids recorded, so
      // redeliveries act once).
      ["Nightshift", "nightshift"],
    ];
    for (const [name, kind] of apps) served.push({ name, ...(await serve(kind, sim)) });
    for (const server of served) {
      await drive(server, mix, Math.min(300, total), concurrency); // warm-up: JIT, tokens, caches
    }
    // Rounds in turn, each starting with a different app, so neither order nor a busy moment
    // on the shared cores favours one; each figure is the median of its rounds.
    const runs = new Map<string, Omit<WebhookFigure, "app">[]>();
    for (let turn = 0; turn < rounds; turn++) {
      const order = [
        ...served.slice(turn % served.length),
        ...served.slice(0, turn % served.length),
      ];
      for (const server of order) {
        const { name } = server;
        const before = await requestCount(sim);
        const figure = await drive(server, mix, total, concurrency);
        const requestsPerDelivery = ((await requestCount(sim)) - before) / total;
        runs.set(name, [...(runs.get(name) ?? []), { ...figure, requestsPerDelivery }]);
      }
    }
    for (const { name } of served) figures.push(medianFigure(name, runs.get(name) ?? []));
    // The ratios, round by round (the two apps measured moments apart), then their medians.
    const roundRatios = (pick: (run: Omit<WebhookFigure, "app">) => number) => {
      const of = (name: string) => (runs.get(name) ?? []).map(pick);
      const bare = of("bare Probot");
      return of("Nightshift").map((ours, i) => round(ours / (bare[i] ?? Number.NaN)));
    };
    ratios.push(...roundRatios((run) => run.answeredPerCpuSecond));
    wallRatios.push(...roundRatios((run) => run.eventsPerSecond));
    const { violations } = await sim.requests();
    if (violations.length > 0)
      throw new Error(`webhook handling sent ${violations.length} invalid requests`);
  } finally {
    await Promise.all(served.map(({ stop }) => stop()));
    await sim.close();
  }
  return {
    figures,
    ratio: round(median(ratios)),
    ratios,
    wallRatio: round(median(wallRatios)),
    wallRatios,
  };
}
