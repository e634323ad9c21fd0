import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const GATES = resolve(import.meta.dirname, "../../fixtures/gates");
export const INPUTS = join(GATES, "inputs");

const made: string[] = [];

/** Removes every workspace this file made (call it in `afterAll`). */
export function removeWorkspaces(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface GateRun {
  code: number | null;
  line: string;
}

/** Runs a gate script as the sandbox would: a real node process in the workspace. */
export function runGate(
  script: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): GateRun {
  const result = spawnSync(process.execPath, [join(GATES, script), ...args], {
    cwd: options.cwd ?? workspace({}),
    env: options.env ?? process.env,
    encoding: "utf8",
  });
  return { code: result.status, line: `${result.stdout}${result.stderr}`.trimEnd() };
}

/** A fresh workspace holding copies of fixture inputs: `{ "coverage/lcov.info": "lcov.info" }`. */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "nightshift-gate-"));
  made.push(dir);
  for (const [target, input] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, target)), { recursive: true });
    cpSync(join(INPUTS, input), join(dir, target));
  }
  return dir;
}
