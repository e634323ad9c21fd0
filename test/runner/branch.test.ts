import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { branchName } from "../../src/runner/branch.js";

function gitAccepts(name: string): boolean {
  return spawnSync("git", ["check-ref-format", "--branch", name]).status === 0;
}

describe("branchName", () => {
  it.each([
    [12, "Fix sum() for negative numbers", "nightshift/12-fix-sum-for-negative-numbers"],
    [3, "Crème brûlée: ÉTÉ naïve façade", "nightshift/3-creme-brulee-ete-naive-facade"],
    [7, "; rm -rf / $(id) `whoami`", "nightshift/7-rm-rf-id-whoami"],
    [8, "--force ../../refs/heads/main.lock", "nightshift/8-force-refs-heads-main-lock"],
    [9, "", "nightshift/9-issue"],
    [10, "日本語のタイトル 🚀", "nightshift/10-issue"],
    [11, "@{-1} ~^:?*[\\ HEAD", "nightshift/11-1-head"],
    [
      123456,
      "A very long title that keeps going well beyond the sixty character limit of branch names",
      "nightshift/123456-a-very-long-title-that-keeps-going-well",
    ],
  ])("(%i, %j) → %s", (issue, title, expected) => {
    const name = branchName(issue, title);
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(60);
    expect(gitAccepts(name)).toBe(true);
  });

  it("rejects an issue number that is not a positive integer", () => {
    for (const issue of [0, -1, 1.5, Number.NaN]) expect(() => branchName(issue, "x")).toThrow();
  });

  it("gives a valid git branch name for any title", () => {
    const hostile = fc.constantFrom(
      ";",
      "$(",
      ")",
      "`",
      "-",
      "--",
      ".",
      "..",
      "/",
      "//",
      ".lock",
      "@{",
      "~",
      "^",
      ":",
      "?",
      "*",
      "[",
      "\\",
      " ",
      "\n",
      "\t",
      "\u0000",
      "\u202e",
      "\u200b",
      "é",
      "ß",
      "İ",
      "ﬁ",
      "🚀",
      "日本",
      "Ⅻ",
      "x",
      "7",
    );
    const title = fc.oneof(
      fc.string({ unit: "binary", maxLength: 80 }),
      fc.array(hostile, { maxLength: 40 }).map((parts) => parts.join("")),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), title, (issue, text) => {
        const name = branchName(issue, text);
        expect(name).toMatch(/^nightshift\/\d+-[a-z0-9]+(?:-[a-z0-9]+)*$/);
        expect(name.length).toBeLessThanOrEqual(60);
        expect(name).not.toContain("..");
        expect(gitAccepts(name)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
