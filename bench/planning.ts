import { listInstallations } from "../src/github/installations.js";
import { planSession } from "../src/night/plan.js";
import { pino } from "pino";
import { parseHostConfig } from "../src/config/load.js";
import { benchProbot } from "./lib/bot.js";
import { queueScenario } from "./lib/scenarios.js";
import { startSimProcess, type RequestEntry } from "./lib/sim-process.js";
import { round } from "./lib/stats.js";

export interface PlanningFigure {
  issues: number;
  requests: number;
  /** One list request per 100 issues. */
  lowerBound: number;
  /** Pages of the open-issue listing. */
  issuePages: number;
  /** Comment listings: the repository's pages, or one per issue when that is cheaper. */
  commentPages: number;
  /** Native "blocked by" relations and the states of blockers in other repositories. */
  dependencyReads: number;
  /** Roles: the collaborator listing's pages, or one lookup per person when that is fewer. */
  roleLookups: number;
  /** Token, installation and repository lists, the app, the repository and its config. */
  fixed: number;
  /** What planning an empty repository costs (measured, same run) plus the role requests. */
  constant: number;
  /** requests − constant: the part that grows with the queue. */
  perIssueRequests: number;
  /** perIssueRequests ÷ lowerBound: the target is at most 1.5. */
  ratio: number | null;
  cpuMs: number;
  wallMs: number;
  picked: number;
}

type RequestKind = "issuePages" | "commentPages" | "dependencyReads" | "roleLookups" | "fixed";

/** Which part of the cost a simulator request is, by its path. */
function kindOf({ path }: RequestEntry): RequestKind {
  if (/\/issues(\/\d+)?\/comments(\?|$)/.test(path)) return "commentPages";
  if (/\/issues(\?|$)/.test(path)) return "issuePages";
  if (/\/dependencies\/|\/issues\/\d+(\?|$)/.test(path)) return "dependencyReads";
  if (/\/collaborators(\/|\?|$)/.test(path)) return "roleLookups";
  return "fixed";
}

function breakdown(requests: readonly RequestEntry[]): Record<RequestKind, number> {
  const counts = { issuePages: 0, commentPages: 0, dependencyReads: 0, roleLookups: 0, fixed: 0 };
  for (const request of requests) counts[kindOf(request)] += 1;
  return counts;
}

type Measured = Omit<PlanningFigure, "constant" | "perIssueRequests" | "ratio">;

async function planOnce(issues: number): Promise<Measured> {
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
      { unit: "prompts", limit: null, remaining: null },
      host,
      pino({ level: "silent" }),
    );
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const { requests, violations } = await sim.requests();
    if (violations.length > 0)
      throw new Error(`planning sent ${violations.length} invalid requests`);
    const planned = requests.slice(before);
    return {
      issues,
      requests: planned.length,
      lowerBound: Math.ceil(issues / 100),
      ...breakdown(planned),
      cpuMs: round((used.user + used.system) / 1000, 1),
      wallMs: round(wallMs, 1),
      picked: plan.picked.length,
    };
  } finally {
    await sim.close();
  }
}

/**
 * Figure 1: GitHub requests and CPU to plan a session, against one request per 100 issues.
 * The requests are split by kind. The constant is what an empty repository costs (measured
 * first, in the same run) plus the role requests, which follow the people, not the issues;
 * the rest grows with the queue and is held against the bound.
 */
export async function benchPlanning(sizes: readonly number[]): Promise<PlanningFigure[]> {
  const empty = await planOnce(0);
  const measured = [empty];
  for (const issues of sizes) measured.push(await planOnce(issues));
  return measured.map((figure) => {
    const constant = empty.requests + figure.roleLookups;
    const perIssueRequests = figure.requests - constant;
    const ratio = figure.lowerBound > 0 ? round(perIssueRequests / figure.lowerBound) : null;
    return { ...figure, constant, perIssueRequests, ratio };
  });
}
