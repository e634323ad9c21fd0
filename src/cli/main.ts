#!/usr/bin/env node
import { parseArgs } from "node:util";
import { createProbot, type Probot } from "probot";
import { loadEnvFile } from "../config/env-file.js";
import { loadHostConfig } from "../config/load.js";
import { probotEnv, takeSecrets, type AppSecrets } from "../config/secrets.js";
import { listInstallations } from "../github/installations.js";
import { WaitingOctokit } from "../github/waiting-octokit.js";
import { createLogger } from "../logging/logger.js";
import { planSession } from "../night/plan.js";
import { startSession } from "../night/start.js";
import type { HostConfig } from "../config/host-schema.js";
import { quotaProviderFor } from "../quota/ledger.js";
import type { QuotaSnapshot } from "../quota/thresholds.js";
import { gitBinaryOptions, resolveGitBinary, useGitBinary } from "../runner/git-binary.js";
import { holdDataDir } from "../store/hold.js";
import { Journal } from "../store/journal.js";
import { systemClock } from "../types.js";
import { runJobFromEnvironment } from "../backends/actions/job-main.js";
import { doctorCommand } from "./doctor.js";
import { initCommand } from "./init.js";
import { bootstrapAllLabels } from "./labels.js";
import { renderPlan } from "./render-plan.js";
import { renderQueue } from "./render-queue.js";
import { reportCommand } from "./report.js";
import { statsCommand } from "./stats.js";
import { calibrationFor } from "../night/calibration.js";
import type { Calibration } from "../queue/task-estimate.js";

const USAGE = `Usage: nightshift <command> [options]

Commands:
  plan        what the next session would run, and why the rest would not (no side effects)
  run --now   run one session immediately
  queue       every queued issue in order, with why it would not run
              (--stats for counts, --next N for the first N that would run)
  labels      create Nightshift's labels where a repository lacks them
  report      the last session's morning report (--session ID for another one)
  stats       estimates against actuals per category and agent, and the success rate
  init        print the GitHub Actions workflow for the actions backend
              (--secret NAME passes a repository secret to the job, --oidc adds id-token: write)
  job         the workflow's step: run one task's job on an Actions runner (not for people)
  doctor      check this host: config, agents on PATH, git, disk, memory, data directory,
              sandbox, and the GitHub App proven against GitHub (key, permissions, events)

Options:
  --host-config FILE  host config (default: $NIGHTSHIFT_HOST_CONFIG, else built-in defaults)
  --json              machine-readable output
  -h, --help          this text

GitHub access comes from the standard Probot variables (in the environment or ./.env): APP_ID,
PRIVATE_KEY (or PRIVATE_KEY_PATH), GHE_HOST and GHE_PROTOCOL for GitHub Enterprise or the simulator.`;

/** What the quota provider says is left now, with spend counted from the host's journal. */
async function currentQuota(host: HostConfig): Promise<QuotaSnapshot> {
  const journal = Journal.open(host.dataDir);
  try {
    return await quotaProviderFor(host.quota, journal).snapshot(systemClock.now());
  } finally {
    journal.close();
  }
}

/** Planning's calibration from the host's journal (read, then closed: `plan` writes nothing). */
function currentCalibration(host: HostConfig): Calibration {
  const journal = Journal.open(host.dataDir);
  try {
    return calibrationFor(host, journal);
  } finally {
    journal.close();
  }
}

/** A Probot for one command, given the secrets as options: Probot never reads them from `process.env`. */
function probotWith(secrets: AppSecrets, Octokit?: typeof WaitingOctokit): Probot {
  return createProbot({ env: probotEnv(secrets), overrides: Octokit ? { Octokit } : {} });
}

async function main(argv: string[], secrets: AppSecrets): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      now: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      "host-config": { type: "string" },
      next: { type: "string" },
      stats: { type: "boolean", default: false },
      session: { type: "string" },
      secret: { type: "string", multiple: true },
      oidc: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === "init") {
    process.stdout.write(initCommand({ secrets: values.secret ?? [], oidc: values.oidc }));
    return 0;
  }
  if (command === "job") return runJobFromEnvironment();
  if (command === "doctor") {
    const hostConfig = values["host-config"] ?? process.env.NIGHTSHIFT_HOST_CONFIG;
    return doctorCommand({ hostConfig, json: values.json, secrets });
  }
  const logger = createLogger(values.json ? "warn" : "info");
  const host = await loadHostConfig(values["host-config"] ?? process.env.NIGHTSHIFT_HOST_CONFIG, {
    notice: (message) => {
      logger.warn(message);
    },
  });
  for (const warning of secrets.warnings) logger.warn(warning);
  switch (command) {
    case "plan": {
      const probot = probotWith(secrets);
      const plan = await planSession(
        (await listInstallations(probot)).targets,
        await currentQuota(host),
        host,
        logger,
        { calibration: currentCalibration(host) },
      );
      console.log(
        values.json
          ? JSON.stringify(
              plan.picked.map((p) => p.task),
              null,
              2,
            )
          : renderPlan(plan),
      );
      return 0;
    }
    case "run": {
      if (!values.now) {
        console.error("nightshift run needs --now (scheduled sessions run under `npm start`)");
        return 2;
      }
      // One process per data directory: beside a running server this exits with a message.
      const owner = holdDataDir(host.dataDir, "run --now", logger);
      const probot = probotWith(secrets, WaitingOctokit);
      // Sessions run git: the one binary, checked against the data directory agents write to.
      useGitBinary(resolveGitBinary(gitBinaryOptions(process.env, host.dataDir)));
      // No quota passed: the session counts spend in the journal of the host's data directory.
      const outcome = await startSession({ probot, host, logger });
      owner.lock.release();
      console.log(JSON.stringify(outcome, null, values.json ? 2 : undefined));
      return 0;
    }
    case "queue": {
      const next = values.next === undefined ? undefined : Number(values.next);
      if (next !== undefined && !(Number.isInteger(next) && next > 0)) {
        console.error(`--next needs a positive whole number, not "${values.next}"`);
        return 2;
      }
      const plan = await planSession(
        (await listInstallations(probotWith(secrets))).targets,
        await currentQuota(host),
        host,
        logger,
        { calibration: currentCalibration(host) },
      );
      console.log(renderQueue(plan, { stats: values.stats, ...(next ? { next } : {}) }));
      return 0;
    }
    case "labels": {
      const { targets } = await listInstallations(probotWith(secrets));
      for (const line of await bootstrapAllLabels(targets)) console.log(line);
      return 0;
    }
    case "report":
      return reportCommand(host, { json: values.json, session: values.session });
    case "stats":
      return statsCommand(host, { json: values.json });
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

// First, before anything reads the environment or starts a child: the secrets leave it.
loadEnvFile();
const secrets = takeSecrets();

main(process.argv.slice(2), secrets).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
