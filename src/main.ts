import { run } from "probot";
import { nightshiftApp } from "./app.js";
import { loadHostConfig } from "./config/load.js";
import { createLogger } from "./logging/logger.js";
import { startSession } from "./night/start.js";
import { quotaProviderFor } from "./quota/ledger.js";
import { scheduleSessions } from "./schedule/cron.js";

/**
 * `npm start`: the Probot server (webhooks) plus the nightly scheduler, configured by the
 * standard Probot variables and NIGHTSHIFT_HOST_CONFIG (a YAML file; defaults when unset).
 */
const host = await loadHostConfig(process.env.NIGHTSHIFT_HOST_CONFIG);
const logger = createLogger(process.env.LOG_LEVEL ?? "info");
const quota = quotaProviderFor(host.quota);

await run(
  nightshiftApp({
    onReady: (app) => {
      const job = scheduleSessions(
        host.schedule,
        () => startSession({ probot: app, host, quota, logger }),
        logger,
      );
      const stop = () => void job.stop().then(() => process.exit(0));
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    },
  }),
);
