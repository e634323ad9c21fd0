import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { appChecks } from "../../src/cli/doctor-app.js";
import type { Check } from "../../src/cli/doctor-checks.js";
import { realMachine } from "../../src/cli/doctor.js";
import type { AppSecrets } from "../../src/config/secrets.js";
import { readAppManifest } from "../../src/github/app-manifest.js";
import {
  startSimulator,
  type Scenario,
  type Simulator,
} from "../../packages/simulator/src/index.js";
import { testPrivateKey } from "../support/keys.js";

const scenario = (app: Scenario["app"] = { slug: "nightshift" }): Scenario => ({
  app,
  repositories: [{ owner: "acme", name: "calculator" }],
});

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The doctor's GitHub checks, asked of the simulator as the real machine asks. */
async function githubChecks(
  secrets: (sim: Simulator) => Partial<AppSecrets>,
  app?: Scenario["app"],
): Promise<Check[]> {
  sim = await startSimulator({ scenario: scenario(app), webhookSecret: "s" });
  const env = { GHE_HOST: sim.host, GHE_PROTOCOL: "http" };
  const full: AppSecrets = {
    appId: String(sim.appId),
    privateKey: sim.privateKey,
    webhookSecret: "s",
    warnings: [],
    ...secrets(sim),
  };
  const machine = realMachine(env, full);
  return appChecks(full, env, machine.appManifest(), await machine.githubApp());
}

const byName = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe("doctor proves the GitHub App against GitHub (the simulator)", () => {
  it("passes the app's real key: JWT accepted, permissions and events as app.yml asks", async () => {
    const checks = byName(await githubChecks(() => ({})));
    expect(checks["private key"]).toMatchObject({
      status: "ok",
      detail: "RSA 2048-bit private key",
    });
    expect(checks["GitHub API"]?.status).toBe("ok");
    expect(checks["GitHub API"]?.detail).toContain("app 1001 on 127.0.0.1:");
    expect(checks.permissions?.status).toBe("ok");
    expect(checks.events?.status).toBe("ok");
    expect(checks.installations).toMatchObject({ status: "ok", detail: "acme" });
  });

  it("fails a key that is not a key, before asking GitHub", async () => {
    const checks = byName(await githubChecks(() => ({ privateKey: "not a key" })));
    expect(checks["private key"]?.status).toBe("fail");
    expect(checks["GitHub API"]).toBeUndefined();
    expect(sim?.requests).toEqual([]);
  });

  it("fails a key that parses but is not the app's: GitHub refuses its JWT", async () => {
    const checks = byName(await githubChecks(() => ({ privateKey: testPrivateKey() })));
    expect(checks["private key"]?.status).toBe("ok");
    expect(checks["GitHub API"]?.status).toBe("fail");
    expect(checks["GitHub API"]?.detail).toMatch(/HTTP 401/);
  });

  it("fails an app that was not granted a permission app.yml asks for", async () => {
    const withoutChecks = Object.fromEntries(
      Object.entries(readAppManifest().permissions).filter(([name]) => name !== "checks"),
    );
    const checks = byName(
      await githubChecks(() => ({}), {
        slug: "nightshift",
        permissions: withoutChecks as Record<string, "read" | "write">,
      }),
    );
    expect(checks.permissions).toMatchObject({ status: "fail" });
    expect(checks.permissions?.detail).toContain("checks: write");
  });
});

describe("nightshift doctor, the command", () => {
  const cli = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("exits non-zero on a PRIVATE_KEY that is not a key, and says so", async () => {
    dir = mkdtempSync(join(tmpdir(), "nightshift-doctor-"));
    writeFileSync(join(dir, "host.yml"), `dataDir: ${join(dir, "data")}\n`);
    const run = promisify(execFile)(
      process.execPath,
      [
        "--import",
        import.meta.resolve("tsx"),
        cli,
        "doctor",
        "--json",
        "--host-config",
        join(dir, "host.yml"),
      ],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, APP_ID: "1", PRIVATE_KEY: "not a key", WEBHOOK_SECRET: "s" },
      },
    );
    const failure = await run.catch((error: unknown) => error as { code: number; stdout: string });
    expect("code" in failure ? failure.code : 0).toBe(1);
    const checks = byName(JSON.parse(failure.stdout) as Check[]);
    expect(checks["private key"]?.status).toBe("fail");
  });
});
