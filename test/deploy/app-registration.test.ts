import { readFileSync } from "node:fs";
import { pino } from "pino";
import { Probot, ProbotOctokit, type Server } from "probot";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parse as parseYaml } from "yaml";
import { nightshiftApp } from "../../src/app.js";
import { startRegistration } from "../../src/server/registration.js";
import { freePort } from "../support/free-port.js";
import { startTagAttributes } from "../support/html-attributes.js";
import { testPrivateKey } from "../support/keys.js";

const appYml = parseYaml(readFileSync(new URL("../../app.yml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

let server: Server | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  vi.unstubAllEnvs();
});

/** `npm start` without APP_ID: Probot's registration page, as the operator's browser gets it. */
async function setupPage(): Promise<{ html: string; base: string }> {
  // Probot's setup reads these from process.env: no smee.io channel, nothing from the network.
  vi.stubEnv("NO_SMEE_SETUP", "true");
  vi.stubEnv("WEBHOOK_PROXY_URL", undefined);
  const port = await freePort();
  server = await startRegistration({
    secrets: { appId: undefined, privateKey: undefined, webhookSecret: undefined, warnings: [] },
    Octokit: ProbotOctokit,
    log: pino({ level: "silent" }),
    env: { PORT: String(port), HOST: "127.0.0.1" },
  });
  const base = `http://127.0.0.1:${port}`;
  const response = await fetch(`${base}/probot`);
  expect(response.status).toBe(200);
  return { html: await response.text(), base };
}

describe("registering the app from app.yml", () => {
  it("posts app.yml's manifest, as a browser reads the button's attribute, plus Probot's URLs", async () => {
    const { html, base } = await setupPage();
    const button = startTagAttributes(html, "button", (attrs) => attrs.get("name") === "manifest");
    const value = button?.get("value");
    expect(value, "the setup page has a manifest button").toBeDefined();
    const manifest = JSON.parse(value ?? "") as unknown;
    expect(manifest).toEqual({
      // Probot's additions: where GitHub sends the operator back, and the webhook URL.
      hook_attributes: { url: `${base}/` },
      redirect_url: `${base}/probot/setup`,
      version: "v1",
      ...appYml,
    });
  });

  it("has no character that ends or changes Probot's single-quoted attribute", () => {
    const text = JSON.stringify(appYml);
    expect(text).not.toMatch(/['&]/);
  });

  it("lets Probot fill in the webhook URL", () => {
    expect(appYml).not.toHaveProperty("hook_attributes");
  });
});

/**
 * What the code asks of GitHub: issues (queue, labels, comments, reactions, report issue),
 * pull requests (the PRs it opens), contents (clone, push `nightshift/*`, read the config),
 * checks (the config check), metadata (repository settings, collaborator roles). The sandbox
 * added nothing: agents get no GitHub token.
 */
const NEEDED_PERMISSIONS = {
  issues: "write",
  pull_requests: "write",
  contents: "write",
  checks: "write",
  metadata: "read",
  actions: "write",
};

/** Delivered to every app, subscribed or not. */
const ALWAYS_DELIVERED = new Set(["installation", "installation_repositories"]);

describe("app.yml asks for what the code needs, and no more", () => {
  it("permissions", () => {
    expect(appYml.default_permissions).toEqual(NEEDED_PERMISSIONS);
  });

  it("events: exactly those the app's handlers listen to", async () => {
    const probot = new Probot({
      appId: 1,
      privateKey: testPrivateKey(),
      log: pino({ level: "silent" }),
    });
    const on = vi.spyOn(probot, "on");
    await probot.load(nightshiftApp());
    const handled = new Set(
      on.mock.calls.flatMap(([names]) => [names].flat().map((name) => name.split(".")[0] ?? "")),
    );
    const subscribed = [...handled].filter((name) => !ALWAYS_DELIVERED.has(name)).sort();
    expect([...(appYml.default_events as string[])].sort()).toEqual(subscribed);
  });
});
