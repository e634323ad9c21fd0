import type { HostConfig } from "../config/host-schema.js";
import type { AppSecrets } from "../config/secrets.js";
import type { AppFacts } from "../github/app-facts.js";
import type { AppManifest } from "../github/app-manifest.js";
import type { Isolation } from "../sandbox/policy.js";
import { describeIsolation, type SandboxMode } from "../sandbox/probe.js";
import { appChecks } from "./doctor-app.js";

export type CheckStatus = "ok" | "warn" | "fail";

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
}

/** What the doctor may look at; the CLI passes the real machine, tests a fake one. */
export interface Machine {
  /** The absolute path of an executable on PATH, or null. */
  which(binary: string): Promise<string | null>;
  /** The absolute path of a host tool the bot starts itself (looked up on SAFE_PATH), or null. */
  hostTool(binary: string): Promise<string | null>;
  /** The git the bot would run (never inside `dataDir`) and its version, or why there is none. */
  gitVersion(dataDir: string | undefined): Promise<{ version: string } | { problem: string }>;
  /** Disk use of the volume holding `dir` (its nearest existing ancestor), in percent. */
  diskUsedPercent(dir: string): Promise<number>;
  freeMemoryMb(): number;
  /** Whether the data directory can be created and written (and the journal opened). */
  dataDirWritable(dir: string): Promise<string | null>;
  /** What isolation runs get here (bubblewrap proven by starting one sandbox). */
  isolation(mode: SandboxMode): Promise<Isolation>;
  /** Who holds the data directory's lock now (`the server, pid 12 on box`), or null. */
  dataDirHolder(dir: string): Promise<string | null>;
  /** What app.yml asks GitHub for. */
  appManifest(): AppManifest;
  /** What GitHub says about the app, asked with its key (null: no App ID or key to ask with). */
  githubApp(): Promise<AppFacts | null>;
  env: NodeJS.ProcessEnv;
  /** The app's credentials, taken from the environment at start-up. */
  secrets: AppSecrets;
}

const PRESET_BINARIES: Record<string, string> = {
  "claude-code": "claude",
  codex: "codex",
  aider: "aider",
};

function agentBinary(agent: HostConfig["agents"][string]): string {
  if (agent.kind === "command") return agent.command[0] ?? "";
  return agent.binary ?? PRESET_BINARIES[agent.kind] ?? agent.kind;
}

/**
 * The host checks of `nightshift doctor`: configuration, agents on PATH, git, disk, memory, the
 * data directory, the GitHub App proven against GitHub (key, JWT, granted permissions and
 * events against app.yml, installations) and the keep-awake tools. A `fail` means a night
 * cannot work; a `warn` means something is missing that some setups need.
 */
export async function runChecks(
  config: { host: HostConfig | null; error?: string; notice?: string; source: string },
  machine: Machine,
): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (name: string, status: CheckStatus, detail: string) =>
    checks.push({ name, status, detail });

  if (!config.host) {
    add("host config", "fail", `${config.source}: ${config.error ?? "invalid"}`);
  } else if (config.notice) {
    add("host config", "warn", config.notice);
  } else {
    add("host config", "ok", `${config.source} is valid`);
  }
  const host = config.host;

  const configured = host ? Object.entries(host.agents) : [];
  for (const [name, agent] of configured) {
    const binary = agentBinary(agent);
    const found = await machine.which(binary);
    add(
      `agent ${name}`,
      found ? "ok" : "fail",
      found ? `${binary} → ${found}` : `${binary} is not on PATH`,
    );
  }
  if (configured.length === 0) add("agents", "fail", "no agents configured in the host config");
  for (const binary of ["claude", "codex", "aider"]) {
    if (configured.some(([, agent]) => agentBinary(agent) === binary)) continue;
    const found = await machine.which(binary);
    add(
      `preset ${binary}`,
      found ? "ok" : "warn",
      found ? `present at ${found} (not configured)` : "not installed",
    );
  }

  const git = await machine.gitVersion(host?.dataDir);
  add("git", "version" in git ? "ok" : "fail", "version" in git ? git.version : git.problem);

  if (host) {
    const disk = await machine.diskUsedPercent(host.dataDir);
    add(
      "disk",
      disk > 80 ? "fail" : disk > 70 ? "warn" : "ok",
      `${disk.toFixed(0)}% used on the volume of ${host.dataDir} (limit 80%)`,
    );
    const writable = await machine.dataDirWritable(host.dataDir);
    add(
      "data directory",
      writable ? "fail" : "ok",
      writable ?? `${host.dataDir} is writable; the journal opens`,
    );
    const holder = await machine.dataDirHolder(host.dataDir);
    add(
      "data dir owner",
      "ok",
      holder ? `held by ${holder}: \`run --now\` waits until it stops` : "no process holds it now",
    );
  }
  if (host) {
    const isolation = await machine.isolation(host.sandbox.mode);
    const status = { bubblewrap: "ok", none: "warn", unavailable: "fail" } as const;
    // As root, the sandbox's process limit binds nothing: worth a warning, not a stop.
    const root = isolation.level === "bubblewrap" && isolation.root;
    add("sandbox", root ? "warn" : status[isolation.level], describeIsolation(isolation));
  }
  const memory = machine.freeMemoryMb();
  add("memory", memory < 512 ? "fail" : "ok", `${memory.toFixed(0)} MB free (floor 512 MB)`);

  const facts = await machine.githubApp();
  checks.push(...appChecks(machine.secrets, machine.env, machine.appManifest(), facts));

  const awake =
    (await machine.hostTool("systemd-inhibit")) ?? (await machine.hostTool("caffeinate"));
  add(
    "keep awake",
    awake ? "ok" : "warn",
    awake
      ? `${awake} can keep the machine awake during a session`
      : "neither systemd-inhibit nor caffeinate found; the machine may sleep mid-session",
  );
  return checks;
}
