import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { busyMessage, DATA_DIR_BUSY_EXIT } from "../../src/store/hold.js";
import { acquireDataDirLock, LOCK_FILE, type LockResult } from "../../src/store/lock.js";
import {
  judgeHolder,
  ownerIdOf,
  SILENT_FOR_MS,
  type LockOwner,
  type ProcessProbe,
} from "../../src/store/lock-owner.js";
import { systemProbe } from "../../src/store/process-probe.js";

const NOW = new Date("2026-03-01T12:00:00Z");
const clock = { now: () => NOW };
const here: LockOwner = {
  host: "box",
  pid: 100,
  startedAt: NOW.toISOString(),
  role: "server",
  bootId: "boot-1",
  pidNamespace: "pid:[1]",
};
const probe = (alive: number[], started: Record<number, string> = {}): ProcessProbe => ({
  alive: (pid) => alive.includes(pid),
  startedAt: (pid) => (started[pid] ? new Date(started[pid]) : null),
});

let dir: string;
let logged: string[];
const logger = {
  info: () => undefined,
  warn: (_obj: object | string, msg?: string) => logged.push(msg ?? ""),
  error: (_obj: object | string, msg?: string) => logged.push(msg ?? ""),
};
const held: { release(): void }[] = [];
const acquire = (self: LockOwner, alive: ProcessProbe = probe([])): LockResult => {
  const result = acquireDataDirLock(dir, { role: self.role, clock, logger, probe: alive, self });
  if (result.ok) held.push(result.lock);
  return result;
};
const lockFile = () => join(dir, LOCK_FILE);
const age = (file: string, ms: number) => {
  const then = new Date(NOW.getTime() - ms);
  utimesSync(file, then, then);
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nightshift-lock-"));
  logged = [];
});
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
  rmSync(dir, { recursive: true, force: true });
});

describe("the data directory lock", () => {
  it("writes its owner and names it host:pid:startedAt", () => {
    const result = acquire(here);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.lock.ownerId).toBe("box:100:2026-03-01T12:00:00.000Z");
    expect(JSON.parse(readFileSync(lockFile(), "utf8"))).toEqual(here);
  });

  it("refuses a second process while the first lives, and says what to do", () => {
    acquire(here);
    const second = acquire({ ...here, pid: 200, role: "run --now" }, probe([100]));
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.holder.pid).toBe(100);
    const message = busyMessage(dir, second, NOW);
    expect(message).toContain("the Nightshift server (npm start): pid 100 on box");
    expect(message).toContain("stop the server first");
    expect(message).toContain(second.file);
    expect(DATA_DIR_BUSY_EXIT).toBe(75);
  });

  it("takes over the lock of a dead process on this machine, with a log line", () => {
    writeFileSync(lockFile(), JSON.stringify({ ...here, pid: 300 }));
    const result = acquire(here, probe([]));
    expect(result.ok).toBe(true);
    expect(logged).toEqual(["taking over a stale data directory lock: pid 300 is not running"]);
    expect(JSON.parse(readFileSync(lockFile(), "utf8"))).toMatchObject({ pid: 100 });
  });

  it("takes over a damaged lock file", () => {
    writeFileSync(lockFile(), "not json");
    expect(acquire(here).ok).toBe(true);
    expect(logged[0]).toContain("not Nightshift's JSON");
  });

  it("waits for another machine's heartbeat to go silent before taking over", () => {
    writeFileSync(lockFile(), JSON.stringify({ ...here, host: "other", pid: 100 }));
    age(lockFile(), 60_000);
    expect(acquire(here).ok).toBe(false);
    age(lockFile(), SILENT_FOR_MS + 60_000);
    expect(acquire(here).ok).toBe(true);
    expect(logged[0]).toMatch(/no sign of life for 4 min/);
  });

  it("releases only its own lock, and only once", () => {
    const result = acquire(here);
    if (!result.ok) throw new Error("not acquired");
    writeFileSync(lockFile(), JSON.stringify({ ...here, pid: 999 }));
    result.lock.release();
    expect(existsSync(lockFile())).toBe(true);
    rmSync(lockFile());
    const again = acquire(here);
    if (!again.ok) throw new Error("not acquired");
    again.lock.release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it("owner ids are host:pid:startedAt", () => {
    expect(ownerIdOf({ host: "h", pid: 1, startedAt: "t" })).toBe("h:1:t");
  });
});

describe("judging a lock's holder", () => {
  const holder = (overrides: Partial<LockOwner>): LockOwner => ({ ...here, pid: 7, ...overrides });
  const fresh = new Date(NOW.getTime() - 10_000);
  const silent = new Date(NOW.getTime() - SILENT_FOR_MS - 1);
  it.each([
    ["a live pid in our namespace", holder({}), probe([7]), fresh, true],
    ["a live pid whose heartbeat is old (a busy process)", holder({}), probe([7]), silent, true],
    ["a dead pid in our namespace", holder({}), probe([]), fresh, false],
    ["our own pid (a container restarted)", holder({ pid: 100 }), probe([100]), fresh, false],
    [
      "a pid now used by a younger process",
      holder({}),
      probe([7], { 7: "2026-03-01T12:30:00Z" }),
      fresh,
      false,
    ],
    ["an earlier boot of this machine", holder({ bootId: "boot-0" }), probe([7]), fresh, false],
    [
      "another container, heard from lately",
      holder({ pidNamespace: "pid:[2]" }),
      probe([]),
      fresh,
      true,
    ],
    ["another container, silent", holder({ pidNamespace: "pid:[2]" }), probe([]), silent, false],
    ["another machine, heard from lately", holder({ host: "far" }), probe([]), fresh, true],
    [
      "no namespaces to compare, dead pid",
      { ...holder({}), bootId: undefined, pidNamespace: undefined },
      probe([]),
      fresh,
      false,
    ],
  ] as const)("%s", (_name, owner, processes, lastSeen, live) => {
    const self =
      owner.pidNamespace === undefined
        ? { ...here, bootId: undefined, pidNamespace: undefined }
        : here;
    expect(judgeHolder(owner, self, lastSeen, NOW, processes).live).toBe(live);
  });

  it("knows when this process started (Linux)", () => {
    const started = systemProbe.startedAt(process.pid);
    if (started === null) return; // not Linux
    const ageMs = Date.now() - started.getTime();
    expect(ageMs).toBeGreaterThan(-2_000);
    expect(ageMs).toBeLessThan(process.uptime() * 1000 + 5_000);
    expect(systemProbe.alive(process.pid)).toBe(true);
  });
});

describe("two real processes", () => {
  const child = fileURLToPath(new URL("../support/hold-data-dir-child.ts", import.meta.url));
  const running: ChildProcess[] = [];
  afterEach(() => {
    for (const proc of running.splice(0)) proc.kill("SIGKILL");
  });

  const start = (role: string) => {
    const proc = spawn(process.execPath, ["--import", "tsx", child, dir, role], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.push(proc);
    let out = "";
    proc.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once("exit", resolve));
    const held = new Promise<string>((resolve, reject) => {
      proc.stdout.on("data", () => {
        if (out.includes("held ")) resolve(out);
      });
      void exited.then(() => {
        reject(new Error(`exited: ${out}`));
      });
    });
    held.catch(() => undefined); // awaited only by tests that expect the lock
    return { proc, held, exited, output: () => out };
  };

  it("a second start exits with the busy code; after a kill -9 the next start takes over", async () => {
    const server = start("server");
    await server.held;
    const second = start("run --now");
    expect(await second.exited).toBe(DATA_DIR_BUSY_EXIT);
    expect(second.output()).toContain("stop the server first");

    server.proc.kill("SIGKILL");
    await server.exited;
    const third = start("run --now");
    expect(await third.held).toContain(`held `);
    third.proc.kill("SIGTERM");
    expect(await third.exited).toBe(0);
    // A clean exit releases the lock.
    expect(existsSync(lockFile())).toBe(false);
  });
});
