import { pino } from "pino";
import { Probot } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { nightshiftApp } from "../../src/app.js";
import { startNightshiftServer, type NightshiftServer } from "../../src/server/start.js";
import { RoleCache, ROLE_TTL_MS } from "../../src/approval/role-cache.js";
import type { RepoRole } from "../../src/github/port.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { KeyedWorkQueue } from "../../src/github/work-queue.js";
import { startSimulator, type Simulator } from "../../packages/simulator/src/index.js";
import type { RepoRef } from "../../src/types.js";
import { FakeClock } from "../schedule/helpers.js";
import { silentLogger } from "../unit/silent-logger.js";

const repo = { owner: "acme", repo: "calculator" };

/** A port that answers roles and counts how often it was asked. */
function countingPort(roles: Record<string, RepoRole>) {
  const asked: string[] = [];
  let failing = false;
  return {
    asked,
    fail(on: boolean) {
      failing = on;
    },
    getRole(ref: RepoRef, login: string): Promise<RepoRole> {
      asked.push(`${ref.repo}:${login}`);
      if (failing) return Promise.reject(new Error("HTTP 502"));
      return Promise.resolve(roles[login] ?? "none");
    },
  };
}

describe("the role cache", () => {
  it("asks once per person within its minute, however many deliveries ask", async () => {
    const clock = new FakeClock(new Date("2026-01-05T10:00:00Z"));
    const cache = new RoleCache(clock);
    const port = countingPort({ maya: "admin", sam: "write", tia: "triage" });
    const people = ["maya", "sam", "tia"];
    // Each delivery builds its own lookup, as each webhook's repo context does.
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        cache.lookup(port, repo, silentLogger)(people[i % 3] ?? ""),
      ),
    );
    expect(port.asked).toHaveLength(3);
    expect(new Set(answers)).toEqual(new Set(["admin", "write", "triage"]));

    clock.advance(0.5);
    await cache.lookup(port, repo, silentLogger)("MAYA"); // logins are case-insensitive
    expect(port.asked).toHaveLength(3);

    clock.set(new Date(Date.parse("2026-01-05T10:00:00Z") + ROLE_TTL_MS));
    await cache.lookup(port, repo, silentLogger)("maya");
    expect(port.asked).toHaveLength(4);
  });

  it("keeps repositories apart and does not remember a failed lookup", async () => {
    const cache = new RoleCache(new FakeClock(new Date("2026-01-05T10:00:00Z")));
    const port = countingPort({ maya: "admin" });
    await cache.lookup(port, { owner: "acme", repo: "other" }, silentLogger)("maya");
    port.fail(true);
    expect(await cache.lookup(port, repo, silentLogger)("maya")).toBe("none");
    port.fail(false);
    expect(await cache.lookup(port, repo, silentLogger)("maya")).toBe("admin");
    expect(port.asked).toEqual(["other:maya", "calculator:maya", "calculator:maya"]);
  });
});

describe("webhook deliveries ask GitHub for roles through the cache", () => {
  let sim: Simulator | undefined;
  let server: NightshiftServer | undefined;
  afterEach(async () => {
    await server?.stop();
    await sim?.close();
  });

  // Without the cache, each command comment asked GitHub for its author's role: 60 lookups.
  it("60 command comments from 3 people cost 3 permission lookups; a minute later, again", async () => {
    sim = await startSimulator({
      webhookSecret: "s",
      scenario: {
        users: [{ login: "maya" }, { login: "sam" }, { login: "tia" }],
        repositories: [
          {
            owner: "acme",
            name: "calculator",
            collaborators: { maya: "admin", sam: "write", tia: "triage" },
            issues: [{ title: "Docs typo", author: "maya", labels: ["category: docs"] }],
          },
        ],
      },
    });
    const clock = new FakeClock(new Date("2026-01-05T10:00:00Z"));
    const log = pino({ level: "silent" });
    const queue = new KeyedWorkQueue({ concurrency: 4, maxPending: 1000, logger: log });
    const probot = new Probot({
      appId: sim.appId,
      privateKey: sim.privateKey,
      secret: "s",
      baseUrl: sim.apiUrl,
      log,
      Octokit: UnthrottledOctokit,
    });
    // The server `npm start` runs, with the deliveries' fast path.
    server = await startNightshiftServer({
      app: nightshiftApp({ queue, clock }),
      probot,
      log,
      host: "127.0.0.1",
      port: 0,
    });
    sim.setWebhookUrl(`${server.url}/api/github/webhooks`);
    const lookups = () =>
      (sim?.requests ?? []).filter((r) => /\/collaborators\/[^/]+\/permission$/.test(r.path))
        .length;

    const people = ["maya", "sam", "tia"];
    for (let i = 0; i < 60; i++) {
      await sim.act({
        as: people[i % 3] ?? "",
        comment: { repo: "acme/calculator", issue: 1, body: "/skip" },
      });
    }
    await sim.idle();
    await queue.idle();
    expect(sim.deliveries.filter((d) => d.event === "issue_comment")).toHaveLength(60);
    expect(lookups()).toBeLessThanOrEqual(3);

    clock.advance(ROLE_TTL_MS / 60_000 + 1);
    await sim.act({ as: "maya", comment: { repo: "acme/calculator", issue: 1, body: "/skip" } });
    await sim.idle();
    await queue.idle();
    expect(lookups()).toBe(6); // maya, and the authors of the comments the approval history re-reads
  }, 120_000);
});
