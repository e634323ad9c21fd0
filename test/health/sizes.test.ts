import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDataSizes, sizeWarnings } from "../../src/health/sizes.js";

const GB = 1024 ** 3;
const limits = { logs: 2 * GB, workspaces: 50 * GB, journal: GB };

describe("sizeWarnings", () => {
  it.each([
    { sizes: { logs: 0, workspaces: 0, journal: 0 }, expected: [] },
    { sizes: { logs: 2 * GB, workspaces: 50 * GB, journal: GB }, expected: [] },
    {
      sizes: { logs: 3 * GB, workspaces: 0, journal: 0 },
      expected: ["logs use 3.0 GB (over 2.0 GB)"],
    },
    {
      sizes: { logs: 0, workspaces: 60 * GB, journal: 1.5 * GB },
      expected: [
        "mirrors and worktrees use 60.0 GB (over 50.0 GB)",
        "the journal use 1.5 GB (over 1.0 GB)",
      ],
    },
  ])("$sizes", ({ sizes, expected }) => {
    expect(sizeWarnings(sizes, limits)).toEqual(expected);
  });
});

describe("readDataSizes", () => {
  it("adds up logs, mirrors with worktrees, and the journal; missing parts are 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nightshift-sizes-"));
    try {
      expect(await readDataSizes(dir)).toEqual({ logs: 0, workspaces: 0, journal: 0 });
      mkdirSync(join(dir, "logs", "s1"), { recursive: true });
      writeFileSync(join(dir, "logs", "s1", "a.log"), "x".repeat(1000));
      mkdirSync(join(dir, "mirrors", "acme"), { recursive: true });
      writeFileSync(join(dir, "mirrors", "acme", "pack"), "y".repeat(300));
      mkdirSync(join(dir, "worktrees", "run"), { recursive: true });
      writeFileSync(join(dir, "worktrees", "run", "f"), "z".repeat(200));
      writeFileSync(join(dir, "journal.sqlite"), "j".repeat(50));
      expect(await readDataSizes(dir)).toEqual({ logs: 1000, workspaces: 500, journal: 50 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
