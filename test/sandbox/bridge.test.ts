import { spawn } from "node:child_process";
import { once } from "node:events";
import { connect, createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bridgeArgv, bridgeLaunch, proxyEnvironment } from "../../src/sandbox/bridge-command.js";
import { startBridge } from "../../src/sandbox/bridge.mjs";
import { startEgressProxy } from "../../src/sandbox/egress-proxy.js";
import {
  closeServer,
  echoServer,
  listening,
  portOf,
  readHead,
  roundTrip,
  socketDir,
} from "./net-helpers.js";

let dir: Awaited<ReturnType<typeof socketDir>>;
let cleanups: (() => Promise<void> | void)[];

beforeEach(async () => {
  dir = await socketDir();
  cleanups = [];
});

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await dir.cleanup();
});

/** An echo server on a Unix socket, standing in for the egress proxy. */
async function unixEcho(): Promise<string> {
  const path = dir.path("proxy.sock");
  const server = await listening(echoServer(), path);
  cleanups.push(() => closeServer(server));
  return path;
}

/** A port nobody listens on right now (the bridge in a child process must be told one). */
async function freePort(): Promise<number> {
  const server = await listening(createServer(), 0);
  const port = portOf(server);
  await closeServer(server);
  return port;
}

/** Runs the bridge script; `onStdout` sees what the agent prints (it inherits the bridge's stdio). */
function runBridge(argv: readonly string[], onStdout?: (text: string, bridgePid: number) => void) {
  const [node = "", ...args] = argv;
  // From a directory with no node_modules, like an agent's worktree.
  const child = spawn(node, args, { cwd: dir.path("."), stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => onStdout?.(chunk.toString(), child.pid ?? 0));
  return new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
    child.on("exit", (code, signal) => {
      resolve({ code, signal, stderr });
    });
  });
}

describe("startBridge", () => {
  it("carries a connection on 127.0.0.1 to the Unix socket and back", async () => {
    const bridge = await startBridge(0, await unixEcho());
    cleanups.push(() => bridge.close());

    const socket = connect(bridge.port, "127.0.0.1");
    cleanups.push(() => {
      socket.destroy();
    });

    expect(await roundTrip(socket, "over the bridge")).toBe("over the bridge");
  });

  it("reaches an allowed host through the egress proxy", async () => {
    const echo = await listening(echoServer(), 0);
    cleanups.push(() => closeServer(echo));
    const proxy = await startEgressProxy({
      listen: { path: dir.path("egress.sock") },
      allow: ["allowed.test"],
      connect: () => connect(portOf(echo), "127.0.0.1"),
    });
    cleanups.push(() => proxy.close());
    const bridge = await startBridge(0, dir.path("egress.sock"));
    cleanups.push(() => bridge.close());

    const socket = connect(bridge.port, "127.0.0.1");
    cleanups.push(() => {
      socket.destroy();
    });
    socket.write("CONNECT allowed.test:443 HTTP/1.1\r\nHost: allowed.test:443\r\n\r\n");

    expect((await readHead(socket)).status).toBe(200);
    expect(await roundTrip(socket, "tunnelled")).toBe("tunnelled");
  });

  it("closes the connections it carries on close()", async () => {
    const bridge = await startBridge(0, await unixEcho());
    const socket = connect(bridge.port, "127.0.0.1");
    await roundTrip(socket, "x");
    const closed = once(socket, "close");
    await bridge.close();
    await closed;
  });
});

describe("the bridge script", () => {
  it("runs the agent with the bridge up and exits with the agent's code", async () => {
    const port = await freePort();
    // The agent: talk through the bridge, exit 7 when the echo came back.
    const agent = `
      const s = require("node:net").connect(${port}, "127.0.0.1");
      s.on("data", (d) => process.exit(String(d) === "ping" ? 7 : 1));
      s.on("error", () => process.exit(2));
      s.write("ping");`;

    const result = await runBridge(
      bridgeArgv(port, await unixEcho(), [process.execPath, "-e", agent]),
    );

    expect(result).toEqual({ code: 7, signal: null, stderr: "" });
  });

  it("dies of the agent's signal", async () => {
    const agent = `process.kill(process.pid, "SIGTERM")`;
    const argv = bridgeArgv(await freePort(), await unixEcho(), [process.execPath, "-e", agent]);
    expect(await runBridge(argv)).toMatchObject({ code: null, signal: "SIGTERM" });
  });

  it("passes a SIGTERM sent to the bridge alone on to the agent", async () => {
    const agent = `
      process.on("SIGTERM", () => process.exit(3));
      setInterval(() => {}, 1000);
      console.log("ready");`;
    const argv = bridgeArgv(await freePort(), await unixEcho(), [process.execPath, "-e", agent]);

    const result = await runBridge(argv, (text, bridgePid) => {
      if (text.includes("ready")) process.kill(bridgePid, "SIGTERM");
    });

    expect(result).toMatchObject({ code: 3, signal: null });
  });

  it("exits 127 when the agent cannot be started", async () => {
    const argv = bridgeArgv(await freePort(), await unixEcho(), ["/nonexistent/agent"]);
    expect(await runBridge(argv)).toMatchObject({ code: 127 });
  });

  it("exits 125 when it cannot listen", async () => {
    const taken = await listening(createServer(), 0);
    cleanups.push(() => closeServer(taken));
    const argv = bridgeArgv(portOf(taken), await unixEcho(), [
      process.execPath,
      "-e",
      "process.exit(0)",
    ]);
    const result = await runBridge(argv);
    expect(result.code).toBe(125);
    expect(result.stderr).toContain("cannot listen");
  });
});

describe("bridgeLaunch", () => {
  it("under tsx names bridge.mts, and tsx by absolute URL with the node_modules it needs", () => {
    const launch = bridgeLaunch();
    expect(launch.argv[0]).toBe(process.execPath);
    expect(launch.argv[1]).toBe("--import");
    expect(launch.argv[2]).toMatch(/^file:\/\/\/.*\/tsx\/dist\/loader\.mjs$/);
    expect(launch.argv[3]).toMatch(/\/src\/sandbox\/bridge\.mts$/);
    expect(launch.readOnlyPaths).toEqual([launch.argv[3], expect.stringMatching(/node_modules$/)]);
  });
});

describe("proxyEnvironment", () => {
  it("points every proxy variable at the bridge and exempts nothing", () => {
    expect(proxyEnvironment(8080)).toEqual({
      HTTPS_PROXY: "http://127.0.0.1:8080",
      https_proxy: "http://127.0.0.1:8080",
      HTTP_PROXY: "http://127.0.0.1:8080",
      http_proxy: "http://127.0.0.1:8080",
      ALL_PROXY: "http://127.0.0.1:8080",
      all_proxy: "http://127.0.0.1:8080",
      NO_PROXY: "",
      no_proxy: "",
    });
  });
});
