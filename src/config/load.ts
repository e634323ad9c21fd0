import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ConfigError, describeIssues } from "./errors.js";
import { HostConfigSchema, type HostConfig } from "./host-schema.js";
import { RepoConfigSchema, type RepoConfig } from "./repo-schema.js";

export const REPO_CONFIG_PATH = ".github/nightshift.yml";

function validate<S extends z.ZodType>(schema: S, raw: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(file, describeIssues(result.error));
  return result.data;
}

/** Validates an already-parsed repository config (null = file absent = defaults). */
export function parseRepoConfig(raw: unknown, file = REPO_CONFIG_PATH): RepoConfig {
  return validate(RepoConfigSchema, raw, file);
}

export function parseHostConfig(raw: unknown, file = "host config"): HostConfig {
  return validate(HostConfigSchema, raw, file);
}

/** Parses YAML text, turning syntax errors into a ConfigError that names the file and line. */
export function parseYamlText(text: string, file: string): unknown {
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    throw new ConfigError(file, [error instanceof Error ? error.message : String(error)]);
  }
}

export interface HostConfigSource {
  /** Where `NIGHTSHIFT_DATA_DIR` is read: the data directory when the file names none. */
  env?: NodeJS.ProcessEnv;
  /** Told when the named file does not exist and the built-in defaults apply. */
  notice?: (message: string) => void;
}

/** The file's settings over the environment's defaults (the file's own `dataDir` wins). */
function withEnvDefaults(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  const dataDir = env.NIGHTSHIFT_DATA_DIR;
  if (!dataDir) return raw;
  if (raw === null || raw === undefined) return { dataDir };
  return typeof raw === "object" && !Array.isArray(raw) ? { dataDir, ...raw } : raw;
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new ConfigError(path, [error instanceof Error ? error.message : String(error)]);
  }
}

/**
 * Reads the host config file when one is given; defaults otherwise. A named file that does not
 * exist (a fresh volume: the image names `/data/host.yml`) also means the defaults, with a notice.
 */
export async function loadHostConfig(
  path: string | undefined,
  { env = process.env, notice }: HostConfigSource = {},
): Promise<HostConfig> {
  const text = path ? await readIfPresent(path) : null;
  if (path && text === null) {
    notice?.(
      `host config ${path} does not exist: using the built-in defaults (no agents, so nothing ` +
        "runs until you write one; see docs/configuration.md)",
    );
  }
  if (!path || text === null) return parseHostConfig(withEnvDefaults({}, env));
  return parseHostConfig(withEnvDefaults(parseYamlText(text, path), env), path);
}
