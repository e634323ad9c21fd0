import { fork, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Scenario } from "../../packages/simulator/src/index.js";

export interface RequestEntry {
  method: string;
  path: string;
  status: number;
}

export interface SimProcess {
  apiUrl: string;
  appId: number;
  privateKey: string;
  requests(): Promise<{ requests: RequestEntry[]; violations: unknown[] }>;
  setWebhookUrl(url: string): Promise<void>;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL("./sim-child.ts", import.meta.url));

/** The child's next IPC message of `type`; rejects if the child exits first. */
export function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => {
      child.off("message", onMessage);
      reject(new Error(`child process exited with ${String(code)} before "${type}"`));
    };
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as T);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/** Starts the simulator with `scenario` in a child process (tsx), on 127.0.0.1. */
export async function startSimProcess(scenario: Scenario, secret: string): Promise<SimProcess> {
  const dir = await mkdtemp(join(tmpdir(), "nightshift-bench-sim-"));
  const scenarioPath = join(dir, "scenario.json");
  await writeFile(scenarioPath, JSON.stringify(scenario));
  const child = fork(CHILD, [scenarioPath, secret], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await nextMessage<{ apiUrl: string; appId: number; privateKey: string }>(
    child,
    "ready",
  );
  return {
    ...ready,
    async requests() {
      const reply = nextMessage<{ requests: RequestEntry[]; violations: unknown[] }>(
        child,
        "requests",
      );
      child.send({ type: "requests" });
      return reply;
    },
    async setWebhookUrl(url) {
      const reply = nextMessage(child, "ok");
      child.send({ type: "webhook-url", url });
      await reply;
    },
    async close() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
