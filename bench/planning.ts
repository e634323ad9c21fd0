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
  /** Collaborator permission lookups: one per distinct person whose role matters. */
  roleLookups: number;
  /** Token, installation and repository lists, the repository and its config: as for 0 issues. */
  fixed: number;
  /** Requests that grow with the queue: issue pages + comment pages + dependency reads. */
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

async function planOnce(issues: number): Promise<PlanningFigure> {
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
    const planned = requests.slice(before);
    const parts = breakdown(planned);
    const lowerBound = Math.ceil(issues / 100);
    const perIssueRequests = parts.issuePages + parts.commentPages + parts.dependencyReads;
    return {
      issues,
      requests: planned.length,
      lowerBound,
      ...parts,
      perIssueRequests,
      ratio: lowerBound > 0 ? round(perIssueRequests / lowerBound) : null,
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
 * The requests are split by kind, so the constant part (what an empty repository costs, and one
 * permission lookup per person) is shown apart from the part that grows with the queue.
 */
export async function benchPlanning(sizes: readonly number[]): Promise<PlanningFigure[]> {
  const figures: PlanningFigure[] = [];
  for (const issues of [0, ...sizes]) figures.push(await planOnce(issues));
  return figures;
}
