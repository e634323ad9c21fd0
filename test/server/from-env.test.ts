import { createHmac } from "node:crypto";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { githubApp, listenSettings } from "../../src/server/from-env.js";
import { startNightshiftServer, type NightshiftServer } from "../../src/server/start.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { testPrivateKey } from "../support/keys.js";

const log = pino({ level: "silent" });
const SECRET = "webhook-secret-from-options";

let server: NightshiftServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("npm start's settings", () => {
  it("runs Probot from the secrets it is given, with none of them in process.env", async () => {
    expect(process.env.PRIVATE_KEY).toBeUndefined();
    expect(process.env.WEBHOOK_SECRET).toBeUndefined();
    const seen: string[] = [];
    const secrets = { appId: "42", privateKey: testPrivateKey(), webhookSecret: SECRET };
    const probot = githubApp(
      { ...secrets, warnings: [] },
      {},
      { Octokit: UnthrottledOctokit, log },
    );
    server = await startNightshiftServer({
      app: (app) => {
        app.on("ping", (context) => {
          seen.push(context.id);
        });
      },
      probot,
      log,
      host: "127.0.0.1",
      port: 0,
    });
    const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const deliver = (secret: string, id: string) =>
      fetch(`${server?.url ?? ""}/api/github/webhooks`, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-github-event": "ping",
          "x-github-delivery": id,
          "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
        },
      });

    expect((await deliver(SECRET, "good")).status).toBe(200);
    expect((await deliver("guessed", "forged")).status).toBe(400);
    expect(seen).toEqual(["good"]);
    expect(process.env.PRIVATE_KEY).toBeUndefined();
  });

  it("refuses an App ID without a private key rather than guessing one", () => {
    expect(() =>
      githubApp(
        { appId: "42", privateKey: undefined, webhookSecret: SECRET, warnings: [] },
        {},
        { Octokit: UnthrottledOctokit, log },
      ),
    ).toThrow(/PRIVATE_KEY or PRIVATE_KEY_PATH/);
  });

  it.each([
    [{}, { host: undefined, port: 3000, webhookPath: "/api/github/webhooks" }],
    [
      { HOST: "127.0.0.1", PORT: "8080", WEBHOOK_PATH: "/hooks" },
      { host: "127.0.0.1", port: 8080, webhookPath: "/hooks" },
    ],
  ])("listens where HOST, PORT and WEBHOOK_PATH say: %o", (env, expected) => {
    expect(listenSettings(env)).toEqual(expected);
  });

  it("refuses a PORT that is no port", () => {
    expect(() => listenSettings({ PORT: "http" })).toThrow(/PORT must be a port number/);
  });
});
