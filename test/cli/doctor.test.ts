import { describe, expect, it } from "vitest";
import { runChecks, type Machine } from "../../src/cli/doctor-checks.js";
import { HostConfigSchema } from "../../src/config/host-schema.js";
import type { AppFacts } from "../../src/github/app-facts.js";
import { readAppManifest } from "../../src/github/app-manifest.js";
import { testPrivateKey } from "../support/keys.js";

const privateKey = testPrivateKey();
const manifest = readAppManifest();

/** GitHub's answer for an app granted exactly what app.yml asks, installed on one account. */
const healthyApp = (overrides: Partial<Extract<AppFacts, { ok: true }>> = {}): AppFacts => ({
  ok: true,
  id: 1,
  slug: "nightshift",
  name: "Nightshift",
  permissions: { ...manifest.permissions },
  events: [...manifest.events],
  installations: [{ account: "acme", permissions: { ...manifest.permissions }, suspended: false }],
  ...overrides,
});

function machine(overrides: Partial<Machine> = {}, onPath: string[] = []): Machine {
  return {
    which: (binary) => Promise.resolve(onPath.includes(binary) ? `/usr/bin/${binary}` : null),
    hostTool: (binary) => Promise.resolve(onPath.includes(binary) ? `/usr/bin/${binary}` : null),
    gitVersion: () => Promise.resolve({ version: "git version 2.43.0 at /usr/bin/git" }),
    isolation: () =>
      Promise.resolve({
        level: "bubblewrap",
        bwrap: "/usr/bin/bwrap",
        prlimit: "/usr/bin/prlimit",
        version: "0.8.0",
        root: false,
      }),
    diskUsedPercent: () => Promise.resolve(40),
    freeMemoryMb: () => 4096,
    dataDirWritable: () => Promise.resolve(null),
    dataDirHolder: () => Promise.resolve(null),
    appManifest: () => manifest,
    githubApp: () => Promise.resolve(healthyApp()),
    env: {},
    secrets: { appId: "1", privateKey, webhookSecret: "s", warnings: [] },
    ...overrides,
  };
}

const host = HostConfigSchema.parse({
  agents: { claude: { kind: "claude-code" }, local: { kind: "command", command: ["./agent.sh"] } },
});
const statusOf = (checks: Awaited<ReturnType<typeof runChecks>>, name: string) =>
  checks.find((check) => check.name === name)?.status;

describe("nightshift doctor", () => {
  it("passes a healthy host and lists what is present", async () => {
    const checks = await runChecks(
      { host, source: "host.yml" },
      machine({}, ["claude", "./agent.sh", "systemd-inhibit"]),
    );
    expect(checks.filter((check) => check.status === "fail")).toEqual([]);
    expect(statusOf(checks, "agent claude")).toBe("ok");
    expect(statusOf(checks, "preset codex")).toBe("warn");
  });

  it.each([
    ["an agent missing from PATH", machine({}, ["./agent.sh"]), "agent claude"],
    [
      "no git",
      machine({ gitVersion: () => Promise.resolve({ problem: "git is not in /usr/bin:/bin" }) }, [
        "claude",
        "./agent.sh",
      ]),
      "git",
    ],
    [
      "a full disk",
      machine({ diskUsedPercent: () => Promise.resolve(93) }, ["claude", "./agent.sh"]),
      "disk",
    ],
    ["little memory", machine({ freeMemoryMb: () => 100 }, ["claude", "./agent.sh"]), "memory"],
    [
      "a read-only data directory",
      machine({ dataDirWritable: () => Promise.resolve("EACCES") }, ["claude", "./agent.sh"]),
      "data directory",
    ],
  ])("fails on %s", async (_name, box, check) => {
    const checks = await runChecks({ host, source: "host.yml" }, box);
    expect(statusOf(checks, check)).toBe("fail");
  });

  it("reports a bad host config and still checks the rest", async () => {
    const checks = await runChecks(
      { host: null, error: "quota.limit: expected a positive number", source: "host.yml" },
      machine({
        secrets: {
          appId: undefined,
          privateKey: undefined,
          webhookSecret: undefined,
          warnings: [],
        },
      }),
    );
    expect(checks[0]).toEqual({
      name: "host config",
      status: "fail",
      detail: "host.yml: quota.limit: expected a positive number",
    });
    expect(statusOf(checks, "git")).toBe("ok");
    expect(checks.find((check) => check.name === "GitHub App")?.detail).toContain("APP_ID");
  });

  it("looks for git outside the data directory and names the one it found", async () => {
    const asked: (string | undefined)[] = [];
    const checks = await runChecks(
      { host, source: "host.yml" },
      machine({
        gitVersion: (dataDir) => {
          asked.push(dataDir);
          return Promise.resolve({ version: "git version 2.43.0 at /usr/bin/git" });
        },
      }),
    );
    expect(asked).toEqual([host.dataDir]);
    expect(checks.find((check) => check.name === "git")?.detail).toContain("/usr/bin/git");
  });

  it("warns about a private key file other users can read", async () => {
    const warning = "PRIVATE_KEY_PATH /k.pem is open to other users (mode 0644)";
    const checks = await runChecks(
      { host, source: "host.yml" },
      machine({
        secrets: { appId: "1", privateKey, webhookSecret: "s", warnings: [warning] },
      }),
    );
    expect(checks.find((check) => check.name === "GitHub App")).toEqual({
      name: "GitHub App",
      status: "warn",
      detail: warning,
    });
  });

  it("fails a private key that is not one, and asks GitHub nothing with it", async () => {
    const checks = await runChecks(
      { host, source: "host.yml" },
      machine(
        {
          secrets: { appId: "1", privateKey: "not a key", webhookSecret: "s", warnings: [] },
          githubApp: () => Promise.resolve({ ok: false, stage: "key", problem: "bad" }),
        },
        ["claude", "./agent.sh"],
      ),
    );
    expect(statusOf(checks, "private key")).toBe("fail");
    expect(statusOf(checks, "GitHub API")).toBeUndefined();
  });

  it("fails when a variable the night needs is not set", async () => {
    const checks = await runChecks(
      { host, source: "host.yml" },
      machine({ secrets: { appId: "1", privateKey, webhookSecret: undefined, warnings: [] } }),
    );
    expect(checks.find((check) => check.name === "GitHub App")).toEqual({
      name: "GitHub App",
      status: "fail",
      detail: "not set: WEBHOOK_SECRET",
    });
  });

  it.each([
    [
      "GitHub refuses the JWT",
      { ok: false, stage: "app", problem: "HTTP 401: A JSON web token could not be decoded" },
      "GitHub API",
      "fail",
      "is APP_ID this key's app?",
    ],
    [
      "a permission app.yml asks for is missing",
      healthyApp({ permissions: { ...manifest.permissions, checks: "read" } }),
      "permissions",
      "fail",
      "the app lacks what app.yml asks for: checks: write (granted: read)",
    ],
    [
      "an event app.yml asks for is not subscribed",
      healthyApp({ events: ["issues", "issue_comment", "pull_request"] }),
      "events",
      "fail",
      "does not receive: pull_request_review, pull_request_review_comment, push",
    ],
    [
      "the app is installed nowhere",
      healthyApp({ installations: [] }),
      "installations",
      "warn",
      "installed nowhere yet",
    ],
    [
      "an installation has not accepted new permissions",
      healthyApp({
        installations: [{ account: "acme", permissions: { issues: "write" }, suspended: false }],
      }),
      "installation acme",
      "warn",
      "not yet granted: pull_requests: write",
    ],
  ] as const)("when %s", async (_name, facts, check, status, detail) => {
    const checks = await runChecks(
      { host, source: "host.yml" },
      machine({ githubApp: () => Promise.resolve(facts) }, ["claude", "./agent.sh"]),
    );
    const found = checks.find((c) => c.name === check);
    expect(found?.status).toBe(status);
    expect(found?.detail).toContain(detail);
  });

  it("names who holds the data directory, and warns about a missing host config file", async () => {
    const checks = await runChecks(
      { host, notice: "host config /data/host.yml does not exist", source: "/data/host.yml" },
      machine({ dataDirHolder: () => Promise.resolve("the server, pid 7 on box") }),
    );
    expect(checks.find((c) => c.name === "data dir owner")?.detail).toContain("pid 7 on box");
    expect(statusOf(checks, "host config")).toBe("warn");
  });
});

describe("nightshift doctor: the sandbox", () => {
  const bubblewrap = { bwrap: "/usr/bin/bwrap", prlimit: "/usr/bin/prlimit", version: "0.8.0" };
  it.each([
    [
      "bubblewrap, as a user",
      { level: "bubblewrap", ...bubblewrap, root: false },
      "ok",
      /sandboxed/,
    ],
    ["bubblewrap, as root", { level: "bubblewrap", ...bubblewrap, root: true }, "warn", /as root/],
    ["an explicit opt-out", { level: "none", why: "opted-out" }, "warn", /NOT isolated/],
    ["no bubblewrap", { level: "unavailable", reason: "bwrap is missing" }, "fail", /unavailable/],
  ] as const)("%s", async (_name, isolation, status, detail) => {
    const checks = await runChecks(
      { host, source: "host.yml" },
      machine({ isolation: () => Promise.resolve(isolation) }, ["claude", "./agent.sh"]),
    );
    const check = checks.find((c) => c.name === "sandbox");
    expect(check?.status).toBe(status);
    expect(check?.detail).toMatch(detail);
  });
});
