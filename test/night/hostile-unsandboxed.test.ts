import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeIsolation, hostIsolation } from "../../src/sandbox/probe.js";
import { hostileHarness, SECRETS } from "./hostile-harness.js";

/**
 * The same attacks with `sandbox: none`, asserting what docs/security.md says of that mode:
 * the bot's own safeguards hold (an allow-listed environment, the change read as data, a
 * process-group kill), and everything the sandbox adds is gone.
 */
const isolation = await hostIsolation("none");
const h = hostileHarness(isolation);
const escaped: number[] = [];
afterAll(() => {
  for (const pid of escaped) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  h.tmp.cleanup();
});

function processesWith(marker: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return readFileSync(`/proc/${name}/cmdline`, "utf8").includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("hostile agents with sandbox: none", () => {
  it("the opt-out is stated as not isolated", () => {
    expect(describeIsolation(isolation)).toMatch(/NOT isolated/);
  });

  it("still: the agent's environment holds no secret of the bot", async () => {
    const outcome = await h.run("env > env.txt", 1);
    expect(outcome.status).toBe("shipped");
    const env = h.shippedFile(1, "env.txt");
    expect(env).toContain("NIGHTSHIFT_ISSUE=1");
    for (const value of Object.values(SECRETS)) expect(env).not.toContain(value);
  });

  it("not isolated: the bot's files are readable and the host is writable", async () => {
    const target = join(h.tmp.path, "written-outside");
    const outcome = await h.run(`cat ${h.planted.env} > loot.txt; echo x > ${target}`, 2);
    expect(outcome.status).toBe("shipped");
    expect(h.shippedFile(2, "loot.txt")).toContain(SECRETS.WEBHOOK_SECRET);
    expect(existsSync(target)).toBe(true);
    rmSync(target);
  });

  it("not isolated: a daemon that calls setsid outlives the run", async () => {
    // The pid file is written after setsid(), so the run cannot end before the daemon left.
    const script = `setsid sh -c 'echo $$ > daemon.pid; exec sleep 987671' </dev/null >/dev/null 2>&1 &
while [ ! -s daemon.pid ]; do :; done`;
    const outcome = await h.run(script, 3);
    expect(outcome.status).toBe("shipped");
    const survivors = processesWith("987671");
    escaped.push(...survivors);
    expect(survivors.length).toBeGreaterThan(0);
  });

  it("still: a symlink out of the worktree is refused", async () => {
    const outcome = await h.run("ln -s /etc/passwd leak", 4);
    expect(outcome.status).toBe("failed");
    expect(outcome.reason).toMatch(/leak/);
  });
});
