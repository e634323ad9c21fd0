/**
 * How to start the bridge (bridge.mts) inside a sandbox. In production this file is
 * `dist/sandbox/bridge-command.js` and the bridge is the compiled `bridge.mjs` beside it. In
 * development and tests this file is `.ts` under tsx, and the bridge runs as
 * `node --import <tsx> bridge.mts`, the repo's usual way to run TypeScript in a child process,
 * with tsx named by absolute URL so it loads from any working directory (a worktree has no
 * node_modules). The bridge is `.mts` so that it is ES module code by its name alone: the
 * sandbox shows the script, not the package.json that says `"type": "module"`.
 * The sandbox must make `readOnlyPaths` visible, and under tsx a writable tmpdir (its cache).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface BridgeLaunch {
  /** `process.execPath` and the arguments before the bridge's own. */
  argv: string[];
  /** What the bridge needs to read: its script, and under tsx the node_modules holding tsx. */
  readOnlyPaths: string[];
}

const here = fileURLToPath(import.meta.url);

export function bridgeLaunch(): BridgeLaunch {
  if (!here.endsWith(".ts")) {
    const script = join(dirname(here), "bridge.mjs");
    return { argv: [process.execPath, script], readOnlyPaths: [script] };
  }
  const script = join(dirname(here), "bridge.mts");
  const tsx = createRequire(import.meta.url).resolve("tsx");
  // …/node_modules/tsx/dist/loader.mjs: tsx needs its siblings (esbuild) too.
  const nodeModules = dirname(dirname(dirname(tsx)));
  return {
    argv: [process.execPath, "--import", pathToFileURL(tsx).href, script],
    readOnlyPaths: [script, nodeModules],
  };
}

/** The agent's command line, wrapped: the bridge listens on `port`, then runs `agentArgv`. */
export function bridgeArgv(
  port: number,
  socketPath: string,
  agentArgv: readonly string[],
): string[] {
  return [...bridgeLaunch().argv, String(port), socketPath, "--", ...agentArgv];
}

/** The proxy variables for the agent: every client library reads one spelling or the other. */
export function proxyEnvironment(port: number): Record<string, string> {
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {};
  for (const name of ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"]) {
    env[name] = url;
    env[name.toLowerCase()] = url;
  }
  env.NO_PROXY = "";
  env.no_proxy = "";
  return env;
}
