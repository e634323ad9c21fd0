/**
 * The agent's environment is an allow-list: a few host basics, Nightshift's own variables, the
 * operator's `env` and the variables the operator names in `passEnv`. Nothing else leaks in.
 */

const HOST_BASICS = ["PATH", "HOME", "LANG", "TERM", "TMPDIR"] as const;

/** Credentials of the bot itself: never handed to an agent, even when the operator asks. */
const REFUSED_EXACT = new Set([
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "GH_ENTERPRISE_TOKEN",
  "GITHUB_ENTERPRISE_TOKEN",
]);
const REFUSED_PATTERN = /PRIVATE_KEY|WEBHOOK_SECRET/i;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isRefusedVariable(name: string): boolean {
  return REFUSED_EXACT.has(name.toUpperCase()) || REFUSED_PATTERN.test(name);
}

function checkName(name: string, where: string): void {
  if (!NAME.test(name))
    throw new Error(`${where}: invalid environment variable name ${JSON.stringify(name)}`);
  if (isRefusedVariable(name)) {
    throw new Error(
      `${where}: ${name} is one of the bot's own credentials and is never passed to an agent`,
    );
  }
}

export interface AgentEnvInput {
  baseEnv: NodeJS.ProcessEnv;
  issue: number;
  repo: string;
  env?: Record<string, string>;
  passEnv?: readonly string[];
}

export function buildAgentEnv(input: AgentEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of HOST_BASICS) {
    const value = input.baseEnv[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(input.env ?? {})) {
    checkName(name, "agent env");
    env[name] = value;
  }
  for (const name of input.passEnv ?? []) {
    checkName(name, "agent passEnv");
    const value = input.baseEnv[name];
    if (value !== undefined) env[name] = value;
  }
  // Last, so a definition cannot spoof which task this is.
  env.NIGHTSHIFT_ISSUE = String(input.issue);
  env.NIGHTSHIFT_REPO = input.repo;
  return env;
}
