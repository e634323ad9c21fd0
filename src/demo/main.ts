import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { takeSecrets } from "../config/secrets.js";
import { describeIsolation, probeIsolation } from "../sandbox/probe.js";
import { runDemo } from "./run-demo.js";
import { runWeek } from "./run-week.js";
import { readableReport, weekText } from "./week-text.js";

const DEFAULT_SCENARIO = fileURLToPath(
  new URL("../../fixtures/scenarios/demo.yml", import.meta.url),
);

const USAGE = `Usage: npm run demo -- [--scenario FILE | --week] [--json] [--sim-port N] [--verbose] [--no-sandbox] [--backend local|actions]

Runs a whole compressed night against the local GitHub simulator and prints the morning report.
  --scenario FILE  scenario to load (default: the bundled demo)
  --week           a compressed week instead (fixtures/scenarios/week.yml): nights Monday to
                   Thursday, a recurring task, review changes and their follow-up commit,
                   calibration, the Friday weekend list with a tick, the Saturday weekend window;
                   prints each day's reports (local backend only)
  --json           print the outcome as JSON (per issue: labels, PR number, draft flag; the reports;
                   with --week, per day: sessions, runs, pull requests, recurring issues,
                   calibrated estimates, weekend lists and ticks, follow-ups, reports)
  --sim-port N     port for the simulator (default: any free port)
  --verbose        the bot's logs on stderr
  --no-sandbox     run the agents unsandboxed (sandbox.mode: none), where bubblewrap cannot run
  --backend B      local (default): agents on this host; actions: every task dispatched to the
                   simulator's GitHub Actions, whose runner plays the real job
GHE_HOST / GHE_PROTOCOL, when set, point the bot at that host instead of the simulator's address.`;

/** GHE_HOST / GHE_PROTOCOL, when set: the bot talks to that host instead of the simulator's address. */
const ghe = () => ({
  ...(process.env.GHE_HOST === undefined ? {} : { gheHost: process.env.GHE_HOST }),
  ...(process.env.GHE_PROTOCOL === undefined ? {} : { gheProtocol: process.env.GHE_PROTOCOL }),
});

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenario: { type: "string" },
      week: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      "sim-port": { type: "string" },
      verbose: { type: "boolean", default: false },
      "no-sandbox": { type: "boolean", default: false },
      backend: { type: "string", default: "local" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const simPort = values["sim-port"] === undefined ? undefined : Number(values["sim-port"]);
  if (simPort !== undefined && !(Number.isInteger(simPort) && simPort >= 0 && simPort < 65536)) {
    console.error(`--sim-port must be a port number, not "${values["sim-port"]}"`);
    return 2;
  }
  const { backend } = values;
  if (backend !== "local" && backend !== "actions") {
    console.error(`--backend must be local or actions, not "${backend}"`);
    return 2;
  }
  if (values.week && (backend === "actions" || values.scenario !== undefined)) {
    console.error(
      "--week plays the bundled week on this host: it takes neither --scenario nor --backend actions",
    );
    return 2;
  }
  // The demo runs its agents the way a night does: sandboxed, or stopped with the reason.
  const sandboxMode = values["no-sandbox"] ? "none" : "bubblewrap";
  const isolation = await probeIsolation(sandboxMode);
  if (isolation.level === "unavailable") {
    console.error(
      `${describeIsolation(isolation)}.\nInstall bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) or run \`npm run demo -- --no-sandbox\`.`,
    );
    return 2;
  }
  if (!values.json) console.error(`Nightshift demo: ${describeIsolation(isolation)}.`);
  const logLevel = values.verbose ? "info" : "silent";
  if (values.week) {
    const week = await runWeek({ sandboxMode, simPort, logLevel, ...ghe() });
    const { days, violations } = week;
    console.log(values.json ? JSON.stringify({ days, violations }, null, 2) : weekText(week));
    return violations.length === 0 ? 0 : 1;
  }
  const result = await runDemo({
    sandboxMode,
    scenarioPath: values.scenario ?? DEFAULT_SCENARIO,
    simPort,
    ...ghe(),
    logLevel,
    backend,
  });
  const runs = result.session.repos.flatMap((repo) => repo.runs);
  const skipped = result.session.repos.reduce((n, repo) => n + repo.skipped.length, 0);
  const shipped = runs.filter((run) => run.status === "shipped").length;
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          issues: result.issues,
          runs: result.runs,
          reports: result.reports,
          violations: result.violations,
        },
        null,
        2,
      ),
    );
  } else {
    for (const report of result.reports) console.log(`${readableReport(report.body)}\n`);
    console.log(
      `Nightshift demo: ${shipped} shipped, ${runs.length - shipped} failed, ${skipped} skipped ` +
        `in ${(result.durationMs / 1000).toFixed(1)} s; ${result.violations.length} OpenAPI violations.`,
    );
  }
  return result.violations.length === 0 ? 0 : 1;
}

// The demo talks to the simulator with its own key; the host's credentials leave the
// environment all the same, so nothing the demo starts could see them.
takeSecrets();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
