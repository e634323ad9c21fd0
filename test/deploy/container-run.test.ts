import { execFile, spawn, type ChildProcess } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../packages/simulator/src/index.js";
import { LOCK_FILE } from "../../src/store/lock.js";
import { freePort } from "../support/free-port.js";
import { fakePemHeader, fakePemKey } from "../support/keys.js";

/**
 * The Docker image's way of starting, without a container daemon (scripts/container-run.sh):
 * the built server from a read-only app directory with production dependencies only, as uid
 * 10001 when the tests run as root, variables from an env file, the key from a file, data in
 * its own directory. It must answer /ping on all interfaces and stop cleanly on SIGTERM.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const script = join(root, "scripts/container-run.sh");
const run = promisify(execFile);

let dir: string;
let sim: Simulator;
let server: ChildProcess | undefined;
let output = "";
let exited: Promise<number | null>;
let port: number;

async function ping(host: string): Promise<string | null> {
  try {
    const response = await fetch(`http://${host}:${port}/ping`);
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nightshift-container-test-"));
  // The image's user must reach the app copy inside it, as it reaches / in a container.
  chmodSync(dir, 0o755);
  // The build the image makes (`npm run build`, done once for the suite by the globalSetup
  // test/support/build-once.ts), copied into a directory of its own.
  cpSync(join(root, "dist"), join(dir, "dist"), { recursive: true });
  sim = await startSimulator({
    webhookSecret: "s",
    scenario: { repositories: [{ owner: "acme", name: "calculator" }] },
  });
  port = await freePort();
  writeFileSync(join(dir, "key.pem"), sim.privateKey);
  writeFileSync(
    join(dir, "nightshift.env"),
    [
      "# as for docker run --env-file: one line per variable",
      `APP_ID=${sim.appId}`,
      "WEBHOOK_SECRET=s",
      `GHE_HOST=${sim.host}`,
      "GHE_PROTOCOL=http",
      `PORT=${port}`,
      "LOG_LEVEL=info",
      "",
    ].join("\n"),
  );
  server = spawn(
    "bash",
    [
      script,
      ...["--env-file", join(dir, "nightshift.env"), "--key", join(dir, "key.pem")],
      ...["--run-dir", join(dir, "run"), "--dist", join(dir, "dist")],
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  exited = new Promise((resolve) =>
    server?.once("exit", (code) => {
      resolve(code);
    }),
  );
  const deadline = Date.now() + 60_000;
  while ((await ping("127.0.0.1")) === null) {
    if (Date.now() > deadline || server.exitCode !== null) {
      throw new Error(`the server did not answer /ping:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 180_000);

afterAll(async () => {
  if (server?.exitCode === null) server.kill("SIGKILL");
  await sim.close();
  await run("chmod", ["-R", "u+w", dir]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe("the server started as the image starts it", () => {
  it("answers /ping, on every interface (HOST=0.0.0.0)", async () => {
    expect(await ping("127.0.0.1")).toBe("PONG");
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === "IPv4" && !address.internal);
    if (outside) expect(await ping(outside.address)).toBe("PONG");
  });

  it("passes the image's HEALTHCHECK, and sets what the Dockerfile sets", async () => {
    const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8").replace(/\\\n\s*/g, " ");
    const check = /^HEALTHCHECK .*? CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    const [command, ...args] = JSON.parse(check ?? "[]") as string[];
    expect(command).toBe("node");
    await run(process.execPath, args, { env: { PORT: String(port) } }); // rejects on non-zero exit
    for (const setting of [
      "HOST=0.0.0.0",
      "NIGHTSHIFT_DATA_DIR=/data",
      "NIGHTSHIFT_HOST_CONFIG=/data/host.yml",
    ]) {
      expect(dockerfile).toContain(setting);
      expect(readFileSync(script, "utf8")).toContain(setting.split("/data")[0] ?? "");
    }
    expect(dockerfile).toMatch(/^USER nightshift$/m);
  });

  it("runs as the image's user when started by root, from a read-only app directory", () => {
    const pid = server?.pid ?? 0;
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    expect(uid).toBe(process.getuid?.() === 0 ? "10001" : String(process.getuid?.()));
    const app = join(dir, "run/app");
    expect(readdirSync(app).sort()).toEqual(["app.yml", "dist", "node_modules", "package.json"]);
    // Production dependencies only: no TypeScript, no test runner.
    expect(existsSync(join(app, "node_modules/typescript"))).toBe(false);
    expect(existsSync(join(app, "node_modules/vitest"))).toBe(false);
  });

  it("holds its data directory, which starts with no host config and the defaults", () => {
    const lock = JSON.parse(readFileSync(join(dir, "run/data", LOCK_FILE), "utf8")) as {
      pid: number;
      role: string;
    };
    expect(lock).toMatchObject({ pid: server?.pid, role: "server" });
    expect(existsSync(join(dir, "run/data/journal.sqlite"))).toBe(true);
    expect(output).toContain("does not exist: using the built-in defaults");
  });

  it("refuses an env file with a multi-line value, before starting anything", async () => {
    const bad = join(dir, "multi-line.env");
    writeFileSync(bad, `PRIVATE_KEY="${fakePemHeader()}\nMIIEow\n"\n`);
    const result = await run("bash", [script, "--env-file", bad, "--run-dir", join(dir, "bad")])
      .then(() => ({ code: 0, stderr: "" }))
      .catch((error: unknown) => error as { code: number; stderr: string });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("line 1: PRIVATE_KEY ends at the line break");
    writeFileSync(bad, `APP_ID=1\n${fakePemKey("").split("\n").at(-1) ?? ""}\n`);
    const second = await run("bash", [script, "--env-file", bad, "--run-dir", join(dir, "bad")])
      .then(() => ({ code: 0, stderr: "" }))
      .catch((error: unknown) => error as { code: number; stderr: string });
    expect(second.stderr).toContain("line 2 is not KEY=VALUE");
  });

  it("stops cleanly on SIGTERM and releases the data directory", async () => {
    server?.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, "run/data", LOCK_FILE))).toBe(false);
  });
});
