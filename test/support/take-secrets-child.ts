/**
 * A process that starts like the bot: `.env` (the path in argv[2], when given), then the
 * secrets leave the environment. Prints what it holds and what it still shows the world.
 */
import { readFileSync } from "node:fs";
import { loadEnvFile } from "../../src/config/env-file.js";
import { TAKEN_VARIABLES, takeSecrets } from "../../src/config/secrets.js";

const envFile = process.argv[2] ? loadEnvFile(process.argv[2]) : "absent";
const secrets = takeSecrets();
const readEnviron = () => {
  try {
    return readFileSync("/proc/self/environ", "utf8");
  } catch {
    return "";
  }
};
console.log(
  JSON.stringify({
    envFile,
    secrets,
    stillInEnv: TAKEN_VARIABLES.filter((name) => process.env[name] !== undefined),
    environ: readEnviron(),
    pathKept: process.env.PATH !== undefined,
  }),
);
