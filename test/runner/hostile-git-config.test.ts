import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, gitOk } from "../../src/runner/git-cli.js";
import { findOnSafePath } from "../../src/runner/safe-path.js";
import { createRemote, tempDir } from "./helpers.js";

/**
 * An agent of the bot's user planted git configuration in its home (`~/.gitconfig`,
 * `$XDG_CONFIG_HOME/git/{config,attributes}`, `~/.config/git/attributes`) and a `git` early on
 * PATH. The bot's own git must use none of it: no filter runs, no URL is rewritten, no proxy is
 * set, the fake git never starts. Controls show the same plants do work on a naive git.
 */

const tmp = tempDir();
const home = join(tmp.path, "home");
const xdg = join(tmp.path, "xdg");
const bin = join(tmp.path, "bin");
const filterRan = join(tmp.path, "filter-ran");
const fakeGitRan = join(tmp.path, "fake-git-ran");
const remote = createRemote(tmp.path);
const work = join(tmp.path, "work");

function plant(path: string, text: string, mode = 0o644): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text, { mode });
}

const EVIL_CONFIG = `[filter "evil"]
\tclean = ${join(tmp.path, "evil-filter.sh")}
\tsmudge = ${join(tmp.path, "evil-filter.sh")}
[url "file:///nonexistent/"]
\tinsteadOf = file://
[http]
\tproxy = http://127.0.0.1:9
`;

const PLANTED = ["HOME", "XDG_CONFIG_HOME", "PATH"] as const;
const saved = Object.fromEntries(PLANTED.map((name) => [name, process.env[name]]));

beforeAll(() => {
  plant(join(tmp.path, "evil-filter.sh"), `#!/bin/sh\ntouch ${filterRan}\ncat\n`, 0o755);
  plant(join(bin, "git"), `#!/bin/sh\ntouch ${fakeGitRan}\nexit 1\n`, 0o755);
  plant(join(home, ".gitconfig"), EVIL_CONFIG);
  plant(join(home, ".config", "git", "attributes"), "* filter=evil\n");
  plant(join(xdg, "git", "config"), EVIL_CONFIG);
  plant(join(xdg, "git", "attributes"), "* filter=evil\n");
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = xdg;
  process.env.PATH = `${bin}:${saved.PATH ?? "/usr/bin:/bin"}`;
});

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  tmp.cleanup();
});

describe("the bot's git in a home an agent configured", () => {
  it("clones, adds, hashes and fetches without the planted filter, URL, proxy or git", async () => {
    await gitOk(["clone", "--quiet", remote.url, work], { cwd: tmp.path });
    writeFileSync(join(work, "change.txt"), "agent's change\n");
    await gitOk(["add", "change.txt"], { cwd: work });
    await gitOk(["hash-object", "-w", "change.txt"], { cwd: work });
    remote.commit({ "later.txt": "later\n" });
    const fetched = await git(["fetch", "--quiet", "origin"], { cwd: work, token: "t0k3n" });
    expect(fetched).toMatchObject({ exitCode: 0, stderr: "" });

    const proxy = await git(["config", "--get", "http.proxy"], { cwd: work });
    expect(proxy.exitCode).toBe(1);
    const rewrites = await git(["config", "--get-regexp", "^url\\."], { cwd: work });
    expect(rewrites.exitCode).toBe(1);
    expect(existsSync(filterRan)).toBe(false);
    expect(existsSync(fakeGitRan)).toBe(false);
  });

  it("controls: the same plants take over a git that trusts the environment", () => {
    const naive = { cwd: work, env: process.env, stdio: "pipe" } as const;
    expect(() => execFileSync("git", ["status"], naive)).toThrow();
    expect(existsSync(fakeGitRan)).toBe(true);

    const realGit = findOnSafePath("git") ?? "/usr/bin/git";
    execFileSync(realGit, ["hash-object", "change.txt"], naive);
    expect(existsSync(filterRan)).toBe(true);
    expect(() => execFileSync(realGit, ["fetch", "origin"], naive)).toThrow(/nonexistent/);
  });
});
