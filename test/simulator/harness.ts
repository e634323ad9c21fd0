import { createHmac, createPrivateKey, sign, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Octokit } from "@octokit/rest";
import {
  startSimulator,
  type Scenario,
  type Simulator,
} from "../../packages/simulator/src/index.js";

/** Shared set-up for the simulator tests: a scenario, clients that authenticate as the bot does, a webhook receiver. */

export const SECRET = "test-webhook-secret";

export function scenario(): Scenario {
  return {
    users: [{ login: "maya" }, { login: "outsider" }, { login: "dependabot[bot]", type: "Bot" }],
    repositories: [
      {
        owner: "acme",
        name: "calculator",
        files: {
          "README.md": "# calculator\n",
          "src/sum.js": "export const sum = (a, b) => a + b;\n",
          ".github/nightshift.yml": "agent:\n  default: claude\n",
        },
        collaborators: { maya: "admin", sam: "write", mo: "maintain", tia: "triage", rae: "read" },
        labels: [{ name: "priority: high", color: "d93f0b", description: "Soon" }],
        issues: [
          {
            title: "Sum of negative numbers is wrong",
            body: "sum(-1, -2) returns 3",
            author: "maya",
            labels: ["priority: high", "category: bug"],
            comments: [{ author: "maya", body: "/approve" }],
          },
          {
            title: "Add a power function",
            author: "outsider",
            labels: ["category: feature"],
            blockedBy: [1],
          },
          { title: "Old question", author: "outsider", state: "closed" },
        ],
      },
      { owner: "acme", name: "secret-lab", private: true, archived: true },
    ],
  };
}

export function start(
  overrides: Partial<Parameters<typeof startSimulator>[0]> = {},
): Promise<Simulator> {
  return startSimulator({ scenario: scenario(), webhookSecret: SECRET, ...overrides });
}

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** An RS256 app JWT, signed here with node:crypto the way universal-github-app-jwt does it. */
export function appJwt(
  sim: Simulator,
  claims: { iat?: number; exp?: number; iss?: number } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(
    JSON.stringify({
      iat: claims.iat ?? now - 30,
      exp: claims.exp ?? now + 540,
      iss: claims.iss ?? sim.appId,
    }),
  ).toString("base64url");
  const signature = sign(
    "sha256",
    Buffer.from(`${header}.${payload}`),
    createPrivateKey(sim.privateKey),
  );
  return `${header}.${payload}.${signature.toString("base64url")}`;
}

export function octokit(sim: Simulator, auth?: string): Octokit {
  return new Octokit({ baseUrl: sim.apiUrl, log: quiet, ...(auth === undefined ? {} : { auth }) });
}

/** An installation token, obtained as the bot does: JWT → POST /app/installations/1/access_tokens. */
export async function installationToken(sim: Simulator): Promise<string> {
  const app = octokit(sim, appJwt(sim));
  const { data } = await app.rest.apps.createInstallationAccessToken({ installation_id: 1 });
  return data.token;
}

export async function botOctokit(sim: Simulator): Promise<Octokit> {
  return octokit(sim, await installationToken(sim));
}

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  event: string;
  body: Record<string, unknown>;
  signatureValid: boolean;
}

/** A local webhook endpoint that checks X-Hub-Signature-256 and keeps what it received. */
export async function webhookReceiver(
  status = 200,
): Promise<{ url: string; hooks: ReceivedHook[]; close(): Promise<void> }> {
  const hooks: ReceivedHook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(
        `sha256=${createHmac("sha256", SECRET).update(raw).digest("hex")}`,
      );
      const given = Buffer.from(String(req.headers["x-hub-signature-256"] ?? ""));
      hooks.push({
        headers: req.headers,
        event: String(req.headers["x-github-event"]),
        body: JSON.parse(raw.toString("utf8")) as Record<string, unknown>,
        signatureValid: given.length === expected.length && timingSafeEqual(given, expected),
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    hooks,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** Narrow helper for reading nested JSON in assertions. */
export const field = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      typeof node === "object" && node !== null
        ? (node as Record<string, unknown>)[key]
        : undefined,
    value,
  );
