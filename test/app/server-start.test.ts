import { createHmac } from "node:crypto";
import { createServer } from "node:net";
import { pino } from "pino";
import { ProbotOctokit, type Server } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { startServer } from "../../src/server/start.js";
import { testPrivateKey } from "../support/keys.js";

const log = pino({ level: "silent" });
const SECRET = "webhook-secret-from-options";

/** A port that was free a moment ago (Probot's Server turns port 0 into 3000). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

let server: Server | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("startServer", () => {
  it("runs Probot from the secrets it is given, with none of them in process.env", async () => {
    expect(process.env.PRIVATE_KEY).toBeUndefined();
    expect(process.env.WEBHOOK_SECRET).toBeUndefined();
    const seen: string[] = [];
    const port = await freePort();
    server = await startServer(
      (app) => {
        app.on("ping", (context) => {
          seen.push(context.id);
        });
      },
      {
        secrets: { appId: "42", privateKey: testPrivateKey(), webhookSecret: SECRET, warnings: [] },
        Octokit: ProbotOctokit,
        log,
        env: { HOST: "127.0.0.1", PORT: String(port) },
      },
    );
    const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const deliver = (secret: string, id: string) =>
      fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
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

  it("refuses an App ID without a private key rather than guessing one", async () => {
    await expect(
      startServer(() => undefined, {
        secrets: { appId: "42", privateKey: undefined, webhookSecret: SECRET, warnings: [] },
        Octokit: ProbotOctokit,
        log,
        env: {},
      }),
    ).rejects.toThrow(/PRIVATE_KEY or PRIVATE_KEY_PATH/);
  });
});
