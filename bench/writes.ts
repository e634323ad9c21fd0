import { fileURLToPath } from "node:url";
import { runDemo } from "../src/demo/run-demo.js";
import { round } from "./lib/stats.js";

const DEMO = fileURLToPath(new URL("../fixtures/scenarios/demo.yml", import.meta.url));

/** GitHub's secondary limit on content-creating requests, per minute. */
export const SECONDARY_WRITES_PER_MINUTE = 80;

export interface WritesFigure {
  pullRequests: number;
  /** Content-creating requests (POST, PATCH, PUT, DELETE) over the whole night, webhooks included. */
  writes: number;
  writesPerPullRequest: number;
  /** The night's writes ÷ the per-minute secondary limit. */
  shareOfMinuteLimit: number;
  byRoute: Record<string, number>;
}

const route = (method: string, path: string): string =>
  `${method} ${path.replace(/\/\d+(?=\/|$)/g, "/{n}").replace(/\/labels\/[^/]+$/, "/labels/{name}")}`;

/** Figure 5: content-creating requests per opened PR in the demo night. */
export async function benchWrites(): Promise<WritesFigure> {
  let requests: { method: string; path: string }[] = [];
  const result = await runDemo({
    scenarioPath: DEMO,
    inspect: (sim) => {
      requests = [...sim.requests];
      return Promise.resolve();
    },
  });
  const writes = requests.filter(
    (r) => r.method !== "GET" && !r.path.startsWith("/app/installations"),
  );
  const byRoute: Record<string, number> = {};
  for (const w of writes)
    byRoute[route(w.method, w.path)] = (byRoute[route(w.method, w.path)] ?? 0) + 1;
  const pullRequests = result.issues.filter((i) => i.pr !== null).length;
  return {
    pullRequests,
    writes: writes.length,
    writesPerPullRequest: round(writes.length / Math.max(1, pullRequests)),
    shareOfMinuteLimit: round(writes.length / SECONDARY_WRITES_PER_MINUTE),
    byRoute,
  };
}
