import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { takeSecrets } from "../../src/config/secrets.js";
import { startHostTool } from "../../src/health/host-constraints.js";
import { buildAgentEnv } from "../../src/runner/env.js";
import { gitOk } from "../../src/runner/git-cli.js";
import { runProcess } from "../../src/runner/process.js";
import { gitSync, tempDir } from "./helpers.js";
import { fakePemKey } from "../support/keys.js";

/**
 * No child the bot starts sees its secrets: not git (nor what git starts), not an agent or a
 * gate, not a host tool. Checked twice: with the secrets still in `process.env` (every helper
 * passes an explicit environment) and after `takeSecrets` removed them.
 */

const tmp = tempDir();
const repo = join(tmp.path, "repo");
gitSync(tmp.path, "init", "--quiet", repo);

const SECRETS = {
  PRIVATE_KEY: fakePemKey("KEY-BODY-7f3a").replaceAll("\n", "\\n"),
  WEBHOOK_SECRET: "webhook-secret-91c2",
  GITHUB_TOKEN: "ghs_host_token_55d0",
  GH_TOKEN: "gho_cli_token_e41b",
};
const VALUES = [
  "KEY-BODY-7f3a",
  "webhook-secret-91c2",
  "ghs_host_token_55d0",
  "gho_cli_token_e41b",
];

const saved = Object.fromEntries(Object.keys(SECRETS).map((name) => [name, process.env[name]]));
Object.assign(process.env, SECRETS);
afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  tmp.cleanup();
});

let runs = 0;

/** What each spawning helper's child sees, printed by `env` from inside it. */
async function childEnvironments(): Promise<Record<string, string>> {
  // An alias that runs a shell: what git hands to anything it starts (filters, helpers).
  const git = await gitOk(["-c", "alias.print-env=!env", "print-env"], {
    cwd: repo,
    token: "installation-token",
  });

  const agentEnv = buildAgentEnv({
    baseEnv: process.env,
    issue: 7,
    repo: "acme/calc",
    passEnv: ["LANG"],
  });
  const agent = await runProcess({
    argv: ["env"],
    cwd: repo,
    env: agentEnv,
    timeoutMs: 10_000,
    logFile: join(tmp.path, `agent-${++runs}.log`),
    maxLogBytes: 1024 * 1024,
  });

  const hostFile = join(tmp.path, `host-tool-${runs}.env`);
  const tool = startHostTool(["sh", "-c", `env > ${hostFile}`]);
  await once(tool, "exit");

  return { git, agent: agent.tail, hostTool: readFileSync(hostFile, "utf8") };
}

function expectNoSecret(environments: Record<string, string>): void {
  for (const [helper, text] of Object.entries(environments)) {
    expect(text.length, helper).toBeGreaterThan(0);
    for (const value of VALUES) expect(text, `${helper} saw ${value}`).not.toContain(value);
  }
}

describe("child environments", () => {
  it("hold no secret even while the secrets are still in process.env", async () => {
    expectNoSecret(await childEnvironments());
  });

  it("hold no secret once takeSecrets has run, and git gets its own HOME and PATH", async () => {
    const secrets = takeSecrets();
    expect(secrets.webhookSecret).toBe("webhook-secret-91c2");
    for (const name of Object.keys(SECRETS)) expect(process.env[name]).toBeUndefined();

    const environments = await childEnvironments();
    expectNoSecret(environments);
    expect(environments.git).toMatch(/^HOME=\/dev\/null$/m);
    expect(environments.git).toMatch(/^GIT_CONFIG_GLOBAL=\/dev\/null$/m);
    expect(environments.git).not.toMatch(/^XDG_CONFIG_HOME=/m);
    expect(environments.hostTool).toMatch(/^PATH=\/usr\/bin:\/bin:\/usr\/local\/bin$/m);
  });
});
