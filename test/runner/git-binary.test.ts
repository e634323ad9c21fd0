import { chmodSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveGitBinary } from "../../src/runner/git-binary.js";
import { findOnSafePath } from "../../src/runner/safe-path.js";
import { tempDir } from "./helpers.js";

const tmp = tempDir();
afterAll(() => {
  tmp.cleanup();
});

/** A `git` in a fresh directory of its own (mode 0755). */
function fakeGit(dirName: string): string {
  const dir = join(tmp.path, dirName);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  const path = join(dir, "git");
  writeFileSync(path, "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  return path;
}

const isRoot = process.getuid?.() === 0;

describe("resolveGitBinary", () => {
  it("finds git on the safe PATH, not the inherited one, as an absolute real path", () => {
    const onSafePath = findOnSafePath("git");
    expect(onSafePath).toBeDefined();
    expect(resolveGitBinary({ forbiddenRoots: [] })).toBe(realpathSync(onSafePath ?? ""));
  });

  it("refuses a relative NIGHTSHIFT_GIT", () => {
    expect(() => resolveGitBinary({ override: "bin/git", forbiddenRoots: [] })).toThrow(
      /absolute path/,
    );
  });

  it("refuses a git inside a tree agents write (the data directory, the working directory)", () => {
    const git = fakeGit("data/bin");
    expect(() =>
      resolveGitBinary({ override: git, forbiddenRoots: [join(tmp.path, "data")] }),
    ).toThrow(/inside/);
  });

  it("refuses a link whose target lies in such a tree", () => {
    const target = fakeGit("data2/bin");
    mkdirSync(join(tmp.path, "links"), { mode: 0o755 });
    const link = join(tmp.path, "links", "git");
    symlinkSync(target, link);
    expect(() =>
      resolveGitBinary({ override: link, forbiddenRoots: [join(tmp.path, "data2")] }),
    ).toThrow(/inside/);
  });

  it("refuses a git in a directory anyone may write", () => {
    const git = fakeGit("open");
    chmodSync(join(tmp.path, "open"), 0o777);
    expect(() => resolveGitBinary({ override: git, forbiddenRoots: [] })).toThrow(
      /writable by anyone/,
    );
  });

  it.skipIf(isRoot)("refuses a git the bot's own user could replace", () => {
    expect(() => resolveGitBinary({ override: fakeGit("mine"), forbiddenRoots: [] })).toThrow(
      /writable by the bot's user/,
    );
  });

  it.skipIf(!isRoot)(
    "as root (who can write anywhere) takes an operator's git outside those trees",
    () => {
      const git = fakeGit("opt/bin");
      expect(resolveGitBinary({ override: git, forbiddenRoots: [join(tmp.path, "data")] })).toBe(
        realpathSync(git),
      );
    },
  );
});
