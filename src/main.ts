import { nightshiftApp, webhookQueue } from "./app.js";
import { loadEnvFile } from "./config/env-file.js";
import { loadHostConfig } from "./config/load.js";
import { takeSecrets } from "./config/secrets.js";
import { WaitingOctokit } from "./github/waiting-octokit.js";
import { createLogger } from "./logging/logger.js";
import { actionsEventsFor } from "./night/actions-app.js";
import { scheduledWork } from "./night/scheduled-work.js";
import { startScheduledNights } from "./night/scheduled-nights.js";
import { quotaProviderFor } from "./quota/ledger.js";
import { gitBinaryOptions, resolveGitBinary, useGitBinary } from "./runner/git-binary.js";
import { settlesWithin } from "./server/deadline.js";
import { githubApp, listenSettings } from "./server/from-env.js";
import { startRegistration } from "./server/registration.js";
import { startNightshiftServer } from "./server/start.js";
import { stopOnSignals } from "./server/stop-on-signals.js";
import { JournalDedupe } from "./store/dedupe.js";
import { holdDataDir } from "./store/hold.js";
import { Journal } from "./store/journal.js";
import { systemClock } from "./types.js";

/**
 * `npm start`: the webhook server (src/server/start.ts) plus the scheduler of the host's windows,
 * configured by the standard Probot variables (environment or ./.env) and NIGHTSHIFT_HOST_CONFIG
 * (a YAML file; defaults when unset). Every preview, cycle and report is claimed in the journal
 * first. The secrets leave the environment before anything else runs.
 */
loadEnvFile();
const secrets = takeSecrets();
const env = process.env;
const logger = createLogger(env.LOG_LEVEL ?? "info");
const host = await loadHostConfig(env.NIGHTSHIFT_HOST_CONFIG, {
  notice: (message) => {
    logger.warn(message);
  },
});
for (const warning of secrets.warnings) logger.warn(warning);
if (env.WEBHOOK_PROXY_URL) {
  logger.warn("WEBHOOK_PROXY_URL is not supported: run a smee client to this server's webhook URL");
}
useGitBinary(resolveGitBinary(gitBinaryOptions(env, host.dataDir)));

const { appId } = secrets;
if (appId === undefined) {
  await startRegistration({ secrets, Octokit: WaitingOctokit, log: logger, env });
} else {
  const listen = listenSettings(env);
  // One process per data directory: exits with a message when another holds it.
  const owner = holdDataDir(host.dataDir, "server", logger);
  const journal = Journal.open(host.dataDir);
  let journalOpen = true;
  const quota = quotaProviderFor(host.quota, journal);
  // GitHub redelivers for days, not weeks: older delivery ids are forgotten.
  const deliveriesSince = new Date(systemClock.now().getTime() - 14 * 86_400_000);
  journal.pruneDeliveries(deliveriesSince);
  const dedupe = new JournalDedupe(journal, systemClock, { since: deliveriesSince, logger });
  const queue = webhookQueue(logger);
  const probot = githubApp({ ...secrets, appId }, env, { Octokit: WaitingOctokit, log: logger });

  const server = await startNightshiftServer({
    app: nightshiftApp({
      dedupe,
      queue,
      webhookPath: listen.webhookPath,
      // `/nightshift plan` answers from the same journal-counted quota the sessions spend.
      planContext: { quota: () => quota.snapshot(systemClock.now()), policy: host },
      hostAgents: Object.keys(host.agents),
      // A dashboard tick adopting a repeat suggestion is kept in the journal.
      repeats: journal.repeats,
      // Runs on GitHub Actions are collected on their `workflow_run` webhook.
      ...(host.backends.actions.enabled
        ? {
            actions: actionsEventsFor({ probot, host, journal, quota, clock: systemClock, logger }),
          }
        : {}),
    }),
    probot,
    log: logger,
    ...listen,
    ready: () => journalOpen,
    onStop: async () => {
      // No tick after this; a session in flight is not waited for: the journal holds its runs
      // and the next start recovers and reports them.
      nights.stop();
      // Queued webhook work is short (labels, a comment); what is left after 3 s is lost with
      // the process, as in a crash.
      if (!(await settlesWithin(queue.idle(), 3_000))) {
        logger.warn({ pending: queue.size }, "queued webhook work left unfinished");
      }
      dedupe.flush();
      // One synchronous step: the session sees its agents end only with its journal closed.
      nights.endAgents();
      journalOpen = false;
      journal.close();
    },
  });
  // Started once the server listens: what a start owes (a preview due now, a closed window's
  // report with recovery) runs at once, then a tick every minute.
  const nights = startScheduledNights({
    windows: host.windows,
    journal,
    clock: systemClock,
    random: Math.random,
    ownerId: owner.ownerId,
    firstStart: owner.firstStart,
    ...(host.weekend ? { weekend: host.weekend } : {}),
    logger,
    work: scheduledWork({
      probot,
      host,
      quota,
      logger,
      journal,
      clock: systemClock,
      ownerId: owner.ownerId,
    }),
  });
  stopOnSignals(server, { log: logger });
}
