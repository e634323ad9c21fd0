import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { startNightshiftServer, type NightshiftServer } from "../../src/server/start.js";
import type { Simulator } from "../../packages/simulator/src/index.js";
import { SECRET, botOctokit, field, start, webhookReceiver, type ReceivedHook } from "./harness.js";

const repo = { owner: "acme", repo: "calculator" };
const summary = (hooks: ReceivedHook[]): string[] =>
  hooks.map((h) => (typeof h.body.action === "string" ? `${h.event}.${h.body.action}` : h.event));

describe("simulator webhooks", () => {
  let sim: Simulator;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
  beforeAll(async () => {
    receiver = await webhookReceiver();
    sim = await start({ webhookUrl: receiver.url });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });
  afterEach(() => {
    receiver.hooks.length = 0;
  });

  it("delivers a user's comment signed, with GitHub's headers and envelope", async () => {
    await sim.act({ as: "maya", comment: { repo: "acme/calculator", issue: 2, body: "/approve" } });
    await sim.idle();
    const [hook] = receiver.hooks;
    expect(hook?.signatureValid).toBe(true);
    expect(hook?.headers).toMatchObject({
      "x-github-event": "issue_comment",
      "x-github-hook-id": "1",
      "content-type": "application/json",
    });
    expect(String(hook?.headers["user-agent"])).toMatch(/^GitHub-Hookshot\//);
    expect(String(hook?.headers["x-github-delivery"])).toMatch(/^[0-9a-f-]{36}$/);
    expect(hook?.body).toMatchObject({
      action: "created",
      issue: { number: 2, title: "Add a power function", user: { login: "outsider" } },
      comment: { body: "/approve", user: { login: "maya" }, author_association: "COLLABORATOR" },
      repository: { full_name: "acme/calculator", owner: { login: "acme" } },
      organization: { login: "acme" },
      sender: { login: "maya", type: "User" },
      installation: { id: 1 },
    });
    expect(typeof field(hook?.body, "installation", "node_id")).toBe("string");
    expect(sim.deliveries.at(-1)).toMatchObject({
      event: "issue_comment",
      action: "created",
      status: 200,
    });
    expect(sim.deliveries.at(-1)?.id).toBe(hook?.headers["x-github-delivery"]);
  });

  it("sends labeled, unlabeled, edited, opened, closed and reopened in order", async () => {
    await sim.act({
      as: "maya",
      label: {
        repo: "acme/calculator",
        issue: 2,
        add: ["priority: high"],
        remove: ["category: feature"],
      },
    });
    await sim.act({
      as: "outsider",
      editIssue: { repo: "acme/calculator", issue: 2, title: "Add pow()", body: "please" },
    });
    await sim.act({
      as: "maya",
      openIssue: { repo: "acme/calculator", title: "New", labels: ["size: S"] },
    });
    await sim.act({ as: "maya", closeIssue: { repo: "acme/calculator", issue: 1 } });
    await sim.act({ as: "maya", reopenIssue: { repo: "acme/calculator", issue: 1 } });
    await sim.idle();
    expect(summary(receiver.hooks)).toEqual([
      "issues.unlabeled",
      "issues.labeled",
      "issues.edited",
      "label.created",
      "issues.opened",
      "issues.labeled",
      "issues.closed",
      "issues.reopened",
    ]);
    const [unlabeled, labeled, edited] = receiver.hooks;
    expect(field(unlabeled?.body, "label", "name")).toBe("category: feature");
    expect(field(labeled?.body, "label", "name")).toBe("priority: high");
    expect(field(edited?.body, "changes")).toEqual({
      title: { from: "Add a power function" },
      body: { from: "" },
    });
    expect(field(receiver.hooks[4]?.body, "issue", "number")).toBe(4);
  });

  it("shows the bot its own REST changes, with the bot as sender", async () => {
    const gh = await botOctokit(sim);
    const { data: comment } = await gh.rest.issues.createComment({
      ...repo,
      issue_number: 1,
      body: "On it.",
    });
    await gh.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: "Done." });
    await gh.rest.issues.deleteComment({ ...repo, comment_id: comment.id });
    await gh.rest.issues.addLabels({ ...repo, issue_number: 1, labels: ["nightshift: running"] });
    await gh.rest.issues.createLabel({ ...repo, name: "size: XL" });
    await sim.idle();
    expect(summary(receiver.hooks)).toEqual([
      "issue_comment.created",
      "issue_comment.edited",
      "issue_comment.deleted",
      "label.created",
      "issues.labeled",
      "label.created",
    ]);
    for (const hook of receiver.hooks)
      expect(hook.body.sender).toMatchObject({ login: "nightshift[bot]", type: "Bot" });
    expect(field(receiver.hooks[0]?.body, "comment", "performed_via_github_app", "slug")).toBe(
      "nightshift",
    );
    expect(field(receiver.hooks[1]?.body, "changes")).toEqual({ body: { from: "On it." } });
  });

  it("records failing endpoints and drops events while no URL is set", async () => {
    const failing = await webhookReceiver(500);
    const quiet = await start();
    try {
      await quiet.act({
        as: "maya",
        comment: { repo: "acme/calculator", issue: 1, body: "hello" },
      });
      await quiet.idle();
      expect(quiet.deliveries).toHaveLength(0);
      quiet.setWebhookUrl(failing.url);
      await quiet.act({
        as: "maya",
        comment: { repo: "acme/calculator", issue: 1, body: "again" },
      });
      await quiet.idle();
      expect(quiet.deliveries.map((d) => d.status)).toEqual([500]);
      quiet.setWebhookUrl("http://127.0.0.1:9/nowhere");
      await quiet.act({
        as: "maya",
        comment: { repo: "acme/calculator", issue: 1, body: "third" },
      });
      await quiet.idle();
      expect(quiet.deliveries.at(-1)?.status).toBe("error");
    } finally {
      await quiet.close();
      await failing.close();
    }
  });

  it("rejects events naming unknown users or issues", async () => {
    await expect(
      sim.act({ as: "ghost", comment: { repo: "acme/calculator", issue: 1, body: "x" } }),
    ).rejects.toThrow(/unknown user/);
    await expect(
      sim.act({ as: "maya", comment: { repo: "acme/calculator", issue: 99, body: "x" } }),
    ).rejects.toThrow(/no issue #99/);
    await expect(sim.act({ as: "maya" })).rejects.toThrow(/exactly one action/);
  });
});

describe("simulator with a real Probot app (GHE-style baseUrl)", () => {
  it("runs a handler that reads config, reacts, comments and sees its own comment", async () => {
    const sim = await start();
    const seen: string[] = [];
    const probot = new Probot({
      appId: sim.appId,
      privateKey: sim.privateKey,
      secret: SECRET,
      baseUrl: sim.apiUrl,
      log: pino({ level: "silent" }),
      Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
        ...options,
        throttle: { enabled: false },
      })),
    });
    let server: NightshiftServer | undefined;
    try {
      // A plain Probot app, served as `npm start` serves Nightshift.
      server = await startNightshiftServer({
        app: (app) => {
          app.on("issue_comment.created", async (context) => {
            seen.push(context.payload.sender.login);
            if (context.isBot) return;
            const config = await context.config<{ agent?: { default?: string } }>("nightshift.yml");
            await context.octokit.rest.reactions.createForIssueComment(
              context.repo({ comment_id: context.payload.comment.id, content: "eyes" }),
            );
            await context.octokit.rest.issues.createComment(
              context.issue({ body: `agent ${config?.agent?.default ?? "none"}` }),
            );
          });
        },
        probot,
        log: pino({ level: "silent" }),
        host: "127.0.0.1",
        port: 0,
      });
      sim.setWebhookUrl(`${server.url}/api/github/webhooks`);

      await sim.act({
        as: "maya",
        comment: { repo: "acme/calculator", issue: 1, body: "/nightshift plan" },
      });
      await sim.idle();

      expect(seen).toEqual(["maya", "nightshift[bot]"]);
      const comments = sim.state.comments("acme/calculator", 1);
      expect(comments.at(-1)).toMatchObject({
        author: "nightshift[bot]",
        body: "agent claude",
        viaApp: true,
      });
      expect(comments.at(-2)?.reactions).toEqual([
        expect.objectContaining({ content: "eyes", user: "nightshift[bot]" }),
      ]);
      expect(sim.deliveries.map((d) => d.status)).toEqual([200, 200]);
      expect(sim.violations).toEqual([]);
    } finally {
      await server?.stop();
      await sim.close();
    }
  });
});
