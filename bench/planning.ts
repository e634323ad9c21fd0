import { listInstallations } from "../src/github/installations.js";
import { planSession } from "../src/night/plan.js";
import { pino } from "pino";
import { parseHostConfig } from "../src/config/load.js";
import { benchProbot } from "./lib/bot.js";
import { queueScenario } from "./lib/scenarios.js";
import { startSimProcess } from "./lib/sim-process.js";
import { round } from "./lib/stats.js";

export interface PlanningFigure {
  issues: number;
  requests: number;
  /** One list request per 100 issues. */
  lowerBound: number;
  /** Requests beyond the fixed cost of planning an empty repository. */
  perIssueRequests: number;
  /** perIssueRequests ÷ lowerBound: the target is at most 1.5. */
  ratio: number | null;
  cpuMs: number;
  wallMs: number;
  picked: number;
}

async function planOnce(
  issues: number,
): Promise<Omit<PlanningFigure, "perIssueRequests" | "ratio">> {
  const secret = "bench-secret";
  const sim = await startSimProcess(queueScenario(issues), secret);
  try {
    const probot = benchProbot(sim, secret);
    const host = parseHostConfig({});
    const before = (await sim.requests()).requests.length;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { targets } = await listInstallations(probot);
    const plan = await planSession(
      targets,
      { limit: null, remaining: null },
      host,
      pino({ level: "silent" }),
    );
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const { requests, violations } = await sim.requests();
    if (violations.length > 0)
      throw new Error(`planning sent ${violations.length} invalid requests`);
    return {
      issues,
      requests: requests.length - before,
      lowerBound: Math.ceil(issues / 100),
      cpuMs: round((used.user + used.system) / 1000, 1),
      wallMs: round(wallMs, 1),
      picked: plan.picked.length,
    };
  } finally {
    await sim.close();
  }
}

/** Figure 1: GitHub requests and CPU to plan a session, against one request per 100 issues. */
export async function benchPlanning(sizes: readonly number[]): Promise<PlanningFigure[]> {
  const empty = await planOnce(0);
  const figures: PlanningFigure[] = [];
  for (const issues of sizes) {
    const figure = await planOnce(issues);
    const perIssueRequests = figure.requests - empty.requests;
    figures.push({
      ...figure,
      perIssueRequests,
      ratio: figure.lowerBound > 0 ? round(perIssueRequests / figure.lowerBound) : null,
    });
  }
  return [{ ...empty, perIssueRequests: 0, ratio: null }, ...figures];
}
