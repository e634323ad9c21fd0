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

/** Reads the host config file when one is given; defaults otherwise. */
export async function loadHostConfig(path: string | undefined): Promise<HostConfig> {
  if (!path) return parseHostConfig({});
  const text = await readFile(path, "utf8");
  return parseHostConfig(parseYamlText(text, path), path);
}
