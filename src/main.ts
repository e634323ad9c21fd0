import { nightshiftApp } from "./app.js";
import { loadEnvFile } from "./config/env-file.js";
import { loadHostConfig } from "./config/load.js";
import { takeSecrets } from "./config/secrets.js";
import { WaitingOctokit } from "./github/waiting-octokit.js";
import { createLogger } from "./logging/logger.js";
import { previewSession } from "./night/preview.js";
import { startSession } from "./night/start.js";
import { quotaProviderFor } from "./quota/ledger.js";
import { gitBinaryOptions, resolveGitBinary, useGitBinary } from "./runner/git-binary.js";
import { driveScheduler } from "./schedule/cron.js";
import { Scheduler } from "./schedule/scheduler.js";
import { startServer } from "./server/start.js";
import { JournalDedupe } from "./store/dedupe.js";
import { holdDataDir } from "./store/hold.js";
import { Journal } from "./store/journal.js";
import { systemClock } from "./types.js";

/**
 * `npm start`: the Probot server (webhooks) plus the scheduler of the host's windows,
 * configured by the standard Probot variables (environment or ./.env) and NIGHTSHIFT_HOST_CONFIG
 * (a YAML file; defaults when unset). Every preview, cycle and report is claimed in the journal
 * first. The secrets leave the environment before anything else runs.
 */
loadEnvFile();
const secrets = takeSecrets();
const logger = createLogger(process.env.LOG_LEVEL ?? "info");
const host = await loadHostConfig(process.env.NIGHTSHIFT_HOST_CONFIG, {
  notice: (message) => {
    logger.warn(message);
  },
});
for (const warning of secrets.warnings) logger.warn(warning);
useGitBinary(resolveGitBinary(gitBinaryOptions(process.env, host.dataDir)));
// One process per data directory: exits with a message when another holds it.
const owner = holdDataDir(host.dataDir, "server", logger);
const journal = Journal.open(host.dataDir);
const quota = quotaProviderFor(host.quota, journal);
// GitHub redelivers for days, not weeks: older delivery ids are forgotten.
const deliveriesSince = new Date(systemClock.now().getTime() - 14 * 86_400_000);
journal.pruneDeliveries(deliveriesSince);
const dedupe = new JournalDedupe(journal, systemClock, { since: deliveriesSince, logger });

await startServer(
  nightshiftApp({
    dedupe,
    ...(process.env.WEBHOOK_PATH ? { webhookPath: process.env.WEBHOOK_PATH } : {}),
    // `/nightshift plan` answers from the same journal-counted quota the sessions spend.
    planContext: { quota: () => quota.snapshot(systemClock.now()), policy: host },
    hostAgents: Object.keys(host.agents),
    onReady: (app) => {
      const scheduler = new Scheduler({
        windows: host.windows,
        journal,
        clock: systemClock,
        random: Math.random,
        owner: owner.ownerId,
        firstStart: owner.firstStart,
        logger,
        work: async (item) => {
          const { occurrence } = item;
          if (item.kind === "preview") {
            await previewSession({
              probot: app,
              host,
              quota,
              logger,
              occurrence,
              now: systemClock.now(),
            });
            return;
          }
          await startSession({
            probot: app,
            host,
            quota,
            logger,
            journal,
            sessionId: occurrence.key,
            occurrence,
            report: item.kind === "report" ? "morning" : "progress",
          });
        },
      });
      const job = driveScheduler(scheduler, logger);
      const stop = () =>
        void job.stop().then(() => {
          dedupe.flush();
          journal.close();
          process.exit(0);
        });
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    },
  }),
  { secrets, Octokit: WaitingOctokit, log: logger },
);
