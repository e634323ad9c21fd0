import { execFile } from "node:child_process";
import { constants, existsSync } from "node:fs";
import { access, mkdir, statfs } from "node:fs/promises";
import { freemem } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import type { HostConfig } from "../config/host-schema.js";
import { loadHostConfig } from "../config/load.js";
import type { AppSecrets } from "../config/secrets.js";
import { apiBaseUrl, fetchAppFacts } from "../github/app-facts.js";
import { readAppManifest } from "../github/app-manifest.js";
import { gitBinaryOptions, resolveGitBinary } from "../runner/git-binary.js";
import { SAFE_PATH, findOnSafePath } from "../runner/safe-path.js";
import { describeLockHolder } from "../store/hold.js";
import { Journal } from "../store/journal.js";
import { probeIsolation } from "../sandbox/probe.js";
import { runChecks, type Check, type Machine } from "./doctor-checks.js";

async function which(binary: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const candidates = binary.includes("/")
    ? [resolve(binary)]
    : (env.PATH ?? "")
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, binary));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** This machine, as the doctor sees it. */
export function realMachine(env: NodeJS.ProcessEnv, secrets: AppSecrets): Machine {
  return {
    which: (binary) => which(binary, env),
    hostTool: (binary) => Promise.resolve(findOnSafePath(binary) ?? null),
    isolation: (mode) => probeIsolation(mode),
    gitVersion: async (dataDir) => {
      try {
        const path = resolveGitBinary(gitBinaryOptions(env, dataDir));
        const { stdout } = await promisify(execFile)(path, ["--version"], {
          env: { PATH: SAFE_PATH },
        });
        return { version: `${stdout.trim()} at ${path}` };
      } catch (error) {
        return { problem: message(error) };
      }
    },
    diskUsedPercent: async (dir) => {
      let existing = resolve(dir);
      while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
      const fs = await statfs(existing);
      const used = fs.blocks - fs.bfree;
      return (used / (used + fs.bavail)) * 100;
    },
    freeMemoryMb: () => freemem() / 1024 / 1024,
    dataDirWritable: async (dir) => {
      try {
        await mkdir(dir, { recursive: true });
        await access(dir, constants.W_OK);
        Journal.open(dir).close();
        return null;
      } catch (error) {
        return `${dir}: ${message(error)}`;
      }
    },
    dataDirHolder: (dir) => Promise.resolve(describeLockHolder(dir, new Date())),
    appManifest: () => readAppManifest(),
    githubApp: () =>
      secrets.appId && secrets.privateKey
        ? fetchAppFacts({
            appId: secrets.appId,
            privateKey: secrets.privateKey,
            baseUrl: apiBaseUrl(env),
            now: new Date(),
          })
        : Promise.resolve(null),
    env,
    secrets,
  };
}

const ICON = { ok: "✔", warn: "!", fail: "✘" } as const;

export const renderChecks = (checks: readonly Check[]): string =>
  checks
    .map((check) => `${ICON[check.status]} ${check.name.padEnd(16)} ${check.detail}`)
    .join("\n");

/** `nightshift doctor`: exit 0 when nothing blocks a night, 1 otherwise. */
export async function doctorCommand(options: {
  hostConfig?: string;
  json: boolean;
  secrets: AppSecrets;
}): Promise<number> {
  const source = options.hostConfig ?? "built-in defaults";
  let host: HostConfig | null = null;
  let error: string | undefined;
  let notice: string | undefined;
  try {
    host = await loadHostConfig(options.hostConfig, {
      notice: (text) => {
        notice = text;
      },
    });
  } catch (caught) {
    error = message(caught);
  }
  const checks = await runChecks(
    { host, error, notice, source },
    realMachine(process.env, options.secrets),
  );
  console.log(options.json ? JSON.stringify(checks, null, 2) : renderChecks(checks));
  return checks.some((check) => check.status === "fail") ? 1 : 0;
}
