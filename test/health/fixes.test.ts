import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applySafeFixes, sizeOf } from "../../src/health/fixes.js";

const now = new Date("2026-03-01T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
let dir: string;

function file(path: string, content: string | Buffer, age: number): string {
  const full = join(dir, path);
  mkdirSync(join(full, ".."), { recursive: true });
  writeFileSync(full, content);
  utimesSync(full, daysAgo(age), daysAgo(age));
  return full;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nightshift-health-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("safe host fixes", () => {
  it("deletes old logs, rotates big ones, keeps the rest, and says what it did", async () => {
    const old = file("logs/s1/run.agent.log", "old", 31);
    const fresh = file("logs/s2/run.agent.log", "fresh", 29);
    const big = file("logs/s2/flood.log", Buffer.alloc(3 * 1024 * 1024, "a"), 1);
    const fixed = await applySafeFixes(dir, now, {
      logMaxAgeDays: 30,
      logRotateBytes: 2 * 1024 * 1024,
      workspaceMaxAgeDays: 7,
    });
    expect(fixed).toEqual([
      "deleted 1 logs older than 30 days",
      "rotated 1 logs over 2097152 bytes",
    ]);
    expect(existsSync(old)).toBe(false);
    expect(readFileSync(fresh, "utf8")).toBe("fresh");
    expect(statSync(big).size).toBeLessThan(1.1 * 1024 * 1024);
    expect(readFileSync(big, "utf8")).toMatch(
      /^\[nightshift: log rotated, 2097152 earlier bytes dropped\]\n/,
    );
  });

  it("prunes worktrees older than a week and git's records of them", async () => {
    const mirror = join(dir, "mirrors", "acme", "calc.git");
    mkdirSync(mirror, { recursive: true });
    execFileSync("git", ["init", "--bare", "--quiet", mirror]);
    file("worktrees/stale-run/file.txt", "x", 8);
    utimesSync(join(dir, "worktrees", "stale-run"), daysAgo(8), daysAgo(8));
    file("worktrees/recent-run/file.txt", "x", 1);
    const fixed = await applySafeFixes(dir, now);
    expect(fixed).toEqual(["pruned 1 workspaces older than 7 days"]);
    expect(existsSync(join(dir, "worktrees", "stale-run"))).toBe(false);
    expect(existsSync(join(dir, "worktrees", "recent-run"))).toBe(true);
  });

  it("does nothing, and says nothing, on a clean host", async () => {
    expect(await applySafeFixes(dir, now)).toEqual([]);
    expect(await sizeOf(join(dir, "logs"))).toBe(0);
  });
});
