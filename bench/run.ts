/**
 * `npm run bench`: what a night costs in API calls, CPU and memory, each figure against its
 * baseline measured in the same run. Prints a table and writes bench/results/latest.json.
 * `--quick` uses smaller sizes (for a smoke run).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import type { ActionsFigure, PacedBurstFigure } from "./actions.js";
import { isolated } from "./lib/isolated.js";
import type { MemoryFigure } from "./memory.js";
import type { PlanningFigure } from "./planning.js";
import type { ProgressFigure } from "./progress.js";
import type { SandboxFigure } from "./sandbox.js";
import type { WebhookFigures } from "./webhooks.js";
import type { WorkspaceFigure } from "./workspace.js";
import { SECONDARY_WRITES_PER_MINUTE, type WritesFigure } from "./writes.js";

const quick = process.argv.includes("--quick");
const verdict = (ok: boolean): string => (ok ? "meets target" : "MISSES target");

function table(title: string, rows: Record<string, unknown>[]): void {
  console.log(`\n${title}`);
  console.table(rows);
}

const machine = {
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  date: new Date().toISOString(),
};
console.log(
  `Nightshift benchmarks on ${machine.cpus}, ${machine.memoryGb} GiB, Node ${machine.node}`,
);

// Each figure runs in a fresh process of its own (bench/lib/figure-child.ts).
const planning = await isolated<PlanningFigure[]>(
  "planning",
  quick ? [10, 100] : [10, 100, 1000, 5000],
);
table(
  "1. Planning cost (target: requests beyond the constant ≤ 1.5 × one per 100 issues; constant = an empty repository's cost + role requests)",
  planning.map((f) => ({
    ...f,
    verdict: f.ratio === null ? "the constant" : verdict(f.ratio <= 1.5),
  })),
);

const webhooks = await isolated<WebhookFigures>("webhooks", quick ? 150 : 600, quick ? 3 : 5);
const webhookRatio = webhooks.ratio;
table(
  `2. Webhook overhead on the server \`npm start\` runs (target: ≥ 0.95 of the bare app's deliveries answered per CPU second; median of rounds ${webhookRatio.toFixed(2)} (${webhooks.ratios.join(", ")}), ${verdict(webhookRatio >= 0.95)}; by the wall clock ${webhooks.wallRatio.toFixed(2)} (${webhooks.wallRatios.join(", ")}))`,
  webhooks.figures.map((f) => ({ ...f })),
);

const workspace = await isolated<WorkspaceFigure>(
  "workspace",
  quick ? 1000 : 5000,
  quick ? 300 : 2000,
);
table(
  `3. Workspace preparation (target: ≤ 0.2 of a full clone, with and without a fetch; ${verdict(Math.max(workspace.ratio, workspace.ratioAfterPush) <= 0.2)})`,
  [{ ...workspace }],
);

const memory = await isolated<MemoryFigure[]>("memory", quick ? [1, 10] : [1, 10, 100]);
const worst = Math.max(...memory.map((f) => f.ratio));
table(
  `4. Peak RSS, 3 concurrent agents streaming output (target: flat; worst ratio ${worst}, ${verdict(worst <= 1.25)})`,
  memory.map((f) => ({ ...f })),
);

const writes = await isolated<WritesFigure>("writes");
table(
  `5. Writes in the demo day and night, daytime webhooks included (a mixed queue: 4 of its 10 issues ship; the per-PR target is figure 7's; secondary limit: ${SECONDARY_WRITES_PER_MINUTE} content-creating requests per minute)`,
  [
    {
      pullRequests: writes.pullRequests,
      writes: writes.writes,
      writesPerPullRequest: writes.writesPerPullRequest,
      shareOfMinuteLimit: writes.shareOfMinuteLimit,
    },
  ],
);
console.table(writes.byRoute);

const sandbox = await isolated<SandboxFigure>("sandbox", quick ? 9 : 15);
table(
  `6. Sandbox cost: a trivial agent's whole run sandboxed vs not (target: ≤ 1.15 ×; median of ${String(sandbox.pairs)} pairs ${String(sandbox.ratio)}, ${verdict(sandbox.ratio <= 1.15)})`,
  [{ ...sandbox }],
);

const progress = await isolated<ProgressFigure>("progress", quick ? 2 : 3);
const { byRoute: progressRoutes, ...progressRow } = progress;
table(
  `7. A scheduled night over ${String(progress.repositories)} repositories, not the first (report issues exist) (target: ≤ 5 writes per shipped PR, ${String(progress.writesPerPullRequest)}, ${verdict(progress.writesPerPullRequest <= 5)}; the preview becomes the progress comment, edited only for repositories whose runs changed, at most once per progressMinutes (5) each; the old rule, every run re-editing every repository's comment, would make ${String(progress.oldRule)}; GitHub allows ${String(progress.hourlyLimit)} content-creating requests an hour)`,
  [progressRow],
);
console.table(progressRoutes);

const actions = await isolated<ActionsFigure>("actions", quick ? 4 : 20, quick ? 5 : 10);
const { byRoute: nightRoutes, ...nightRow } = actions.night;
table(
  `8a. The demo night with every task on the simulator's Actions, against the same night run locally: the difference per dispatched run (target: ≤ 10 requests per run, ${String(nightRow.extraPerRun)}, ${verdict(nightRow.extraPerRun <= 10)})`,
  [
    {
      ...nightRow,
      dispatchToPrMs: `median ${String(nightRow.dispatchToPrMs.median)}, max ${String(nightRow.dispatchToPrMs.max)}`,
    },
  ],
);
console.table(nightRoutes);
const { byRoute: burstRoutes, readsByRoute: burstReads, ...burstRow } = actions.burst;
table(
  `8b. Planning + dispatch of ${String(burstRow.tasks)} tasks over ${String(burstRow.repositories)} repositories (secondary limit ${String(burstRow.minuteLimit)} content-creating requests a minute: unthrottled peak ${String(burstRow.peakPerMinute)}, ${verdict(burstRow.peakPerMinute <= burstRow.minuteLimit)}; production's throttling plugin sends at most ${String(burstRow.throttledPerMinute)})`,
  [burstRow],
);
console.table(burstRoutes);
console.table(burstReads);

// Paced, 240 writes take six minutes to send and the night's collection ten more, so the full
// run plays 50 tasks over 5 repositories (five minutes): its night spans minutes of writes.
const paced = await isolated<PacedBurstFigure>("paced", quick ? 2 : 5, quick ? 3 : 10);
const { byRoute: pacedRoutes, nightByRoute: pacedNightRoutes, ...pacedRow } = paced;
const pacedOk =
  Math.max(paced.peakPerMinute, paced.nightPeakPerMinute) <= paced.minuteLimit &&
  paced.rateLimited === 0;
table(
  `8c. The same burst, ${String(paced.tasks)} tasks over ${String(paced.repositories)} repositories, with production's Octokit (WaitingOctokit, throttling on, as \`npm start\` and the CLI build it) (target: ≤ ${String(paced.minuteLimit)} content-creating requests in any 60 s; peak ${String(paced.peakPerMinute)} until the last dispatch, ${String(paced.nightPeakPerMinute)} over the whole night, ${String(paced.rateLimited)} rate-limit answers, ${verdict(pacedOk)})`,
  [pacedRow],
);
console.table(pacedRoutes);
console.table(pacedNightRoutes);

const results = {
  machine,
  quick,
  planning,
  webhooks,
  workspace,
  memory,
  writes,
  sandbox,
  progress,
  actions,
  paced,
};
const out = fileURLToPath(new URL("./results/latest.json", import.meta.url));
await mkdir(fileURLToPath(new URL("./results/", import.meta.url)), { recursive: true });
await writeFile(out, JSON.stringify(results, null, 2) + "\n");
console.log(`\nFigures written to ${out}`);
