import { execFileSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { AppSecrets } from "../../src/config/secrets.js";
import { normalizeKey, probotEnv, takeSecrets } from "../../src/config/secrets.js";
import { tempDir } from "../runner/helpers.js";
import { fakePemKey } from "../support/keys.js";

const tmp = tempDir();
afterAll(() => {
  tmp.cleanup();
});

const KEY = `${fakePemKey("MIIEow\nAKCAQ")}\n`;
const ONE_LINE_KEY = KEY.replace(/\n/g, "\\n");

interface ChildView {
  envFile: string;
  secrets: AppSecrets;
  stillInEnv: string[];
  environ: string;
  pathKept: boolean;
}

/** Starts a process the way the bot starts, with this start-up environment and `.env` file. */
function startLikeTheBot(env: Record<string, string>, envFile?: string): ChildView {
  const child = fileURLToPath(new URL("../support/take-secrets-child.ts", import.meta.url));
  const args = ["--import", "tsx", child, ...(envFile === undefined ? [] : [envFile])];
  const out = execFileSync(process.execPath, args, {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    encoding: "utf8",
  });
  return JSON.parse(out) as ChildView;
}

function envFile(name: string, text: string): string {
  const path = join(tmp.path, name);
  writeFileSync(path, text);
  return path;
}

describe("takeSecrets", () => {
  it("reads the secrets, then deletes every credential variable from the environment", () => {
    const env: NodeJS.ProcessEnv = {
      APP_ID: "12",
      PRIVATE_KEY: ONE_LINE_KEY,
      WEBHOOK_SECRET: "hook",
      GITHUB_TOKEN: "ghs_a",
      GH_TOKEN: "ghs_b",
      LANG: "C",
    };
    const secrets = takeSecrets(env);
    expect(secrets).toEqual({ appId: "12", privateKey: KEY, webhookSecret: "hook", warnings: [] });
    expect(env).toEqual({ APP_ID: "12", LANG: "C" });
  });

  it("reads PRIVATE_KEY_PATH once, quietly when only its owner may read it", () => {
    const path = join(tmp.path, "private.pem");
    writeFileSync(path, KEY);
    chmodSync(path, 0o600);
    const env: NodeJS.ProcessEnv = { PRIVATE_KEY_PATH: path };
    expect(takeSecrets(env)).toMatchObject({ privateKey: KEY, warnings: [] });
    expect(env).toEqual({});
  });

  it("warns when the key file is open to group or others, and when it cannot be read", () => {
    const path = join(tmp.path, "shared.pem");
    writeFileSync(path, KEY);
    chmodSync(path, 0o644);
    const shared = takeSecrets({ PRIVATE_KEY_PATH: path });
    expect(shared.privateKey).toBe(KEY);
    expect(shared.warnings).toEqual([expect.stringMatching(/mode 0644.*chmod 600/)]);

    const missing = takeSecrets({ PRIVATE_KEY_PATH: join(tmp.path, "nope.pem") });
    expect(missing.privateKey).toBeUndefined();
    expect(missing.warnings).toEqual([expect.stringContaining("ENOENT")]);
  });

  it("follows Probot with a key: PRIVATE_KEY wins, base64 is decoded, literal \\n become newlines", () => {
    expect(takeSecrets({ PRIVATE_KEY: KEY, PRIVATE_KEY_PATH: "/nowhere" }).privateKey).toBe(KEY);
    expect(normalizeKey(Buffer.from(KEY).toString("base64"))).toBe(KEY);
    expect(normalizeKey(ONE_LINE_KEY)).toBe(KEY);
  });

  it("hands Probot an environment of its own, leaving the given one alone", () => {
    const env: NodeJS.ProcessEnv = { GHE_HOST: "ghe.example" };
    const secrets = { appId: "1", privateKey: KEY, webhookSecret: "s", warnings: [] };
    expect(probotEnv(secrets, env)).toEqual({
      GHE_HOST: "ghe.example",
      APP_ID: "1",
      PRIVATE_KEY: KEY,
      WEBHOOK_SECRET: "s",
    });
    expect(env).toEqual({ GHE_HOST: "ghe.example" });
  });
});

describe("a process starting like the bot", () => {
  it.skipIf(process.platform !== "linux")(
    "no longer shows the secrets it started with in /proc/self/environ",
    () => {
      const view = startLikeTheBot({
        PRIVATE_KEY: ONE_LINE_KEY,
        WEBHOOK_SECRET: "hook-secret-value",
        GITHUB_TOKEN: "ghs_startup_token",
      });
      expect(view.secrets.privateKey).toBe(KEY);
      expect(view.secrets.warnings).toEqual([]);
      expect(view.stillInEnv).toEqual([]);
      for (const value of ["MIIEow", "hook-secret-value", "ghs_startup_token"]) {
        expect(view.environ).not.toContain(value);
      }
      // What is still set is untouched, in process.env and in the block.
      expect(view.pathKept).toBe(true);
      expect(view.environ.split("\0")).toContain(`PATH=${process.env.PATH ?? "/usr/bin:/bin"}`);
    },
  );

  it("loads .env: quoted multi-line values, escaped \\n in quotes (Probot's setup) and literal \\n", () => {
    const multiLine = startLikeTheBot(
      {},
      envFile("multi.env", `PRIVATE_KEY="${KEY}"\nWEBHOOK_SECRET=from-file\n`),
    );
    expect(multiLine.envFile).toBe("loaded");
    expect(multiLine.secrets).toMatchObject({ privateKey: KEY, webhookSecret: "from-file" });
    expect(multiLine.stillInEnv).toEqual([]);
    expect(multiLine.environ).not.toContain("from-file");

    const escaped = startLikeTheBot({}, envFile("setup.env", `PRIVATE_KEY="${ONE_LINE_KEY}"\n`));
    expect(escaped.secrets.privateKey).toBe(KEY);
    const literal = startLikeTheBot({}, envFile("literal.env", `PRIVATE_KEY=${ONE_LINE_KEY}\n`));
    expect(literal.secrets.privateKey).toBe(KEY);
  });

  it("lets the environment win over .env, and starts without a .env", () => {
    const view = startLikeTheBot(
      { WEBHOOK_SECRET: "from-env" },
      envFile("both.env", "WEBHOOK_SECRET=from-file\n"),
    );
    expect(view.secrets.webhookSecret).toBe("from-env");
    expect(startLikeTheBot({}, join(tmp.path, "absent.env")).envFile).toBe("absent");
  });
});
