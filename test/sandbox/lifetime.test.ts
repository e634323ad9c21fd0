import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it, vi } from "vitest";
import { tempDir } from "../runner/helpers.js";

/**
 * No process of a run outlives the bot: the bot (a child process here) starts a sandboxed
 * command that leaves a `setsid` daemon, and is then killed with SIGKILL, which it cannot catch.
 */
const CHILD = fileURLToPath(new URL("../support/sandboxed-run-child.ts", import.meta.url));
const tmp = tempDir("nightshift-lifetime-");
let bot: ChildProcess | undefined;
afterAll(() => {
  bot?.kill("SIGKILL"); // when the test failed before killing it
  tmp.cleanup();
});

/** Host processes whose command line holds `text` (bubblewrap's own included). */
function processesWith(text: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return readFileSync(`/proc/${name}/cmdline`, "utf8").includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

it("kill -9 of the bot ends every process of its runs, a setsid daemon included", async () => {
  const marker = "86420";
  bot = spawn(process.execPath, ["--import", "tsx", CHILD, tmp.path, marker], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const started = bot;
  await new Promise<void>((resolve, reject) => {
    started.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("started")) resolve();
    });
    started.once("exit", (code) => {
      reject(new Error(`the bot exited early (${String(code)})`));
    });
  });
  // Both the command and the daemon sleep before the bot dies.
  await vi.waitFor(() => {
    expect(processesWith(`sleep\0${marker}\0`)).toHaveLength(2);
  });
  started.kill("SIGKILL");
  await vi.waitFor(() => {
    expect(processesWith(marker)).toEqual([]);
  });
});
