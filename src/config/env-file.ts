import { existsSync } from "node:fs";
import { resolve } from "node:path";

export type EnvFileResult = "loaded" | "absent" | "unsupported";

/**
 * Loads `.env` into `process.env` before anything reads the environment. Variables already set
 * win over the file (Node's rule; Probot's own loader did the opposite). Quoted values may span
 * lines and expand `\n`; an unquoted `\n` stays literal, which `takeSecrets` turns into newlines.
 * Values set here never appear in `/proc/<pid>/environ`, which shows only the start-up environment.
 */
export function loadEnvFile(path = resolve(".env")): EnvFileResult {
  if (!existsSync(path)) return "absent";
  // process.loadEnvFile arrived in Node 20.12; older runtimes warn instead of crashing.
  const node = process as Partial<Pick<NodeJS.Process, "loadEnvFile">>;
  if (node.loadEnvFile === undefined) {
    process.emitWarning(`${path} not loaded: process.loadEnvFile needs Node 20.12 or later`);
    return "unsupported";
  }
  node.loadEnvFile(path);
  return "loaded";
}
