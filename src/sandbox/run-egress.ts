import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bridgeArgv, bridgeLaunch, proxyEnvironment } from "./bridge-command.js";
import { denialMessage, type DeniedAttempt } from "./egress-denial.js";
import { startEgressProxy, type Route } from "./egress-proxy.js";
import { SANDBOX_FILES_DIR, SYSTEM_PATH_PREFIXES, type Mount } from "./policy.js";

/** The port the bridge listens on inside the sandbox (its own network namespace: never taken). */
export const BRIDGE_PORT = 3128;
const SOCKET_INSIDE = join(SANDBOX_FILES_DIR, "egress.sock");

/** What a run with `allow` egress adds to its sandbox, and what the proxy refused. */
export interface RunEgress {
  /** The proxy's socket, shown inside at `/run/nightshift/egress.sock`. */
  socket: { host: string; target: string };
  /** The bridge's script (and under tsx its loader) and, when outside the system directories, node. */
  mounts: Mount[];
  /** The command with the bridge in front of it. */
  wrap(argv: readonly string[]): string[];
  env: Record<string, string>;
  denied(): { count: number; attempts: DeniedAttempt[] };
  close(): Promise<void>;
}

export interface RunEgressInput {
  hosts: readonly string[];
  routes: Readonly<Record<string, Route>>;
  /** Each refusal is appended here as one line, as it happens. */
  logFile: string;
}

const underSystem = (path: string): boolean =>
  SYSTEM_PATH_PREFIXES.some((prefix) => path.startsWith(`${prefix}/`));

/**
 * Starts the run's egress proxy on a Unix socket in a fresh private directory (a socket path
 * must stay under 108 bytes, so not in the data directory), to be closed when the run ends.
 */
export async function openRunEgress(input: RunEgressInput): Promise<RunEgress> {
  const dir = mkdtempSync(join(tmpdir(), "nightshift-egress-"));
  const socket = join(dir, "proxy.sock");
  const proxy = await startEgressProxy({
    listen: { path: socket },
    allow: input.hosts,
    routes: input.routes,
    onDenied: (attempt) => {
      try {
        appendFileSync(input.logFile, `[nightshift] egress ${denialMessage(attempt)}\n`);
      } catch {
        // the log is a courtesy; the refusal itself stands and is counted
      }
    },
  });
  const launch = bridgeLaunch();
  const node = process.execPath;
  const mounts: Mount[] = [
    ...launch.readOnlyPaths.map((path) => ({ path, writable: false })),
    ...(underSystem(node) ? [] : [{ path: dirname(node), writable: false }]),
  ];
  return {
    socket: { host: socket, target: SOCKET_INSIDE },
    mounts,
    wrap: (argv) => bridgeArgv(BRIDGE_PORT, SOCKET_INSIDE, argv),
    env: {
      ...proxyEnvironment(BRIDGE_PORT),
      // The agent's own servers inside the sandbox stay direct; routes are on the bridge itself.
      NO_PROXY: "localhost,127.0.0.1,::1",
      no_proxy: "localhost,127.0.0.1,::1",
      NIGHTSHIFT_EGRESS_URL: `http://127.0.0.1:${String(BRIDGE_PORT)}`,
    },
    denied: () => ({ count: proxy.deniedCount(), attempts: proxy.denied() }),
    close: async () => {
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
