import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { SAFE_PATH } from "../runner/safe-path.js";

/**
 * Whether the machine runs on mains power, from Linux's power-supply class: null when it cannot
 * tell (no such directory, e.g. a desktop or a container), so the constraint never blocks blindly.
 */
export async function onAcPower(powerDir = "/sys/class/power_supply"): Promise<boolean | null> {
  if (!existsSync(powerDir)) return null;
  let sawMains = false;
  for (const supply of await readdir(powerDir)) {
    const type = await readFile(join(powerDir, supply, "type"), "utf8").catch(() => "");
    if (type.trim() !== "Mains") continue;
    sawMains = true;
    const online = await readFile(join(powerDir, supply, "online"), "utf8").catch(() => "0");
    if (online.trim() === "1") return true;
  }
  return sawMains ? false : null;
}

/**
 * Starts a host tool looked up on SAFE_PATH, with nothing of the bot's environment (PATH is all
 * systemd-inhibit and caffeinate need) and its output ignored.
 */
export function startHostTool(argv: readonly string[]): ChildProcess {
  const [command = "", ...args] = argv;
  const child = spawn(command, args, { stdio: "ignore", env: { PATH: SAFE_PATH } });
  child.on("error", () => undefined);
  return child;
}

/**
 * Keeps the machine from sleeping until the returned function is called: `systemd-inhibit`
 * (Linux) or `caffeinate` (macOS) holding a lock for as long as a child process lives. Does
 * nothing where neither exists.
 */
export function keepAwake(
  available: { systemdInhibit: boolean; caffeinate: boolean },
  why = "Nightshift session",
): () => void {
  const argv = available.systemdInhibit
    ? [
        "systemd-inhibit",
        "--what=sleep:idle",
        `--why=${why}`,
        "--who=nightshift",
        "sleep",
        "infinity",
      ]
    : available.caffeinate
      ? ["caffeinate", "-i", "-w", String(process.pid)]
      : null;
  if (!argv) return () => undefined;
  const child = startHostTool(argv);
  return () => {
    child.kill();
  };
}

/** Whether an executable of this name is on PATH (pass SAFE_PATH for the tools the bot runs). */
export function onPath(binary: string, path = process.env.PATH ?? ""): boolean {
  return path
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => existsSync(join(dir, binary)));
}

/** Constraint problems that stop new runs this cycle (only configured ones). */
export async function constraintProblems(
  constraints: { requireAcPower: boolean },
  powerDir?: string,
): Promise<string[]> {
  if (constraints.requireAcPower && (await onAcPower(powerDir)) === false) {
    return ["on battery power (requireAcPower is set)"];
  }
  return [];
}
