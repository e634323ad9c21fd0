import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { wipeStartupEnviron } from "./startup-environ.js";

/**
 * The GitHub App's secrets leave the environment at start-up and live only in memory, handed
 * to Probot as options. Why: agents are hostile and run as the bot's children; what is in the
 * environment is one careless spawn away from them.
 *
 * What keeps `/proc/<bot pid>` (environ, mem) out of an agent's reach is the sandbox: its own
 * pid namespace and its own /proc, in which the bot does not exist. Wiping the start-up block
 * (`startup-environ.ts`) only narrows what an unsandboxed process of the same user could read.
 */
export interface AppSecrets {
  /** Not a secret, but Probot needs it next to the key. */
  appId: string | undefined;
  privateKey: string | undefined;
  webhookSecret: string | undefined;
  /** For the operator, once a logger exists: a key file others can read, one that cannot be read. */
  warnings: string[];
}

/** Removed from the environment: the app's credentials and any GitHub token the host set. */
export const TAKEN_VARIABLES = [
  "PRIVATE_KEY",
  "PRIVATE_KEY_PATH",
  "WEBHOOK_SECRET",
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "GH_ENTERPRISE_TOKEN",
  "GITHUB_ENTERPRISE_TOKEN",
] as const;

const isBase64 = (text: string) => Buffer.from(text, "base64").toString("base64") === text;

/** Probot's rules: a base64-encoded key is decoded, literal `\n` become newlines (one-line .env). */
export function normalizeKey(raw: string): string {
  const decoded = isBase64(raw) ? Buffer.from(raw, "base64").toString() : raw;
  return decoded.replace(/\\n/g, "\n");
}

/** Reads the key file once, warning when users other than its owner have access to it. */
function readKeyFile(path: string, warnings: string[]): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const mode = fstatSync(fd).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      warnings.push(
        `PRIVATE_KEY_PATH ${path} is open to other users (mode ${mode.toString(8).padStart(4, "0")}): ` +
          "make it readable only by the bot's user (chmod 600)",
      );
    }
    return readFileSync(fd, "utf8");
  } catch (error) {
    warnings.push(
      `PRIVATE_KEY_PATH ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads the secrets (PRIVATE_KEY wins over PRIVATE_KEY_PATH, as in Probot) and deletes every
 * `TAKEN_VARIABLES` entry from `env`. Call first thing, after `loadEnvFile` and before anything
 * spawns or reads the environment.
 */
export function takeSecrets(env: NodeJS.ProcessEnv = process.env): AppSecrets {
  const warnings: string[] = [];
  const { PRIVATE_KEY: key, PRIVATE_KEY_PATH: keyPath } = env;
  const secrets: AppSecrets = {
    appId: env.APP_ID || undefined,
    privateKey: key
      ? normalizeKey(key)
      : keyPath
        ? readKeyFile(resolve(keyPath), warnings)
        : undefined,
    webhookSecret: env.WEBHOOK_SECRET || undefined,
    warnings,
  };
  const taken = TAKEN_VARIABLES.filter((name) => env[name] !== undefined);
  for (const name of taken) Reflect.deleteProperty(env, name);
  if (env === process.env) {
    const left = wipeStartupEnviron(TAKEN_VARIABLES);
    if (left.length > 0) {
      warnings.push(
        `${left.join(", ")} stay readable in /proc/${process.pid}/environ (set when the process ` +
          "started); only the sandbox keeps agents from it: prefer .env or PRIVATE_KEY_PATH",
      );
    }
  }
  return secrets;
}

/** The environment Probot reads its options from: this one plus the secrets, never `process.env`. */
export function probotEnv(
  secrets: AppSecrets,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return {
    ...env,
    ...(secrets.appId === undefined ? {} : { APP_ID: secrets.appId }),
    ...(secrets.privateKey === undefined ? {} : { PRIVATE_KEY: secrets.privateKey }),
    ...(secrets.webhookSecret === undefined ? {} : { WEBHOOK_SECRET: secrets.webhookSecret }),
  };
}
