import { describe, expect, it } from "vitest";
import { issueTextHash } from "../../src/approval/text-hash.js";
import {
  BOT,
  COMMENT_BODY,
  commentEvent,
  commonScope,
  featureIssue,
  newProbot,
  permission,
  rawComment,
  repoPath,
  TITLE,
  strictNock,
  acceptedApproveScope,
} from "./harness.js";

const queued = ["priority: high", "category: feature"];

strictNock();

describe("comment commands", () => {
  it("accepts /approve from an admin: reacts, records the approved text, clears needs-approval", async () => {
    const { scope, status } = acceptedApproveScope(
      featureIssue([...queued, "needs-approval"]),
      "Looks right.\n/approve",
    );
    scope.delete(`${repoPath}/issues/1/labels/needs-approval`).reply(200, []);
    await newProbot().receive(commentEvent("d-1", "Looks right.\n/approve"));
    const hash = issueTextHash({ title: TITLE, body: COMMENT_BODY });
    expect(status().split("\n")[0]).toBe(
      `<!-- nightshift:status {"approvedHash":"${hash}","approvedBy":"maya"} -->`,
    );
    expect(status()).toContain("✅ Approved by @maya");
  });

  it("edits its one status comment instead of writing another", async () => {
    const old = `<!-- nightshift:status {"approvedHash":null} -->\n🌙 old text`;
    let edited = "";
    commonScope(featureIssue([...queued, "needs-approval"]))
      .get(`${repoPath}/collaborators/sam/permission`)
      .reply(200, permission("write"))
      .post(`${repoPath}/issues/comments/492700400/reactions`)
      .reply(201, {})
      .get(`${repoPath}/collaborators/Codertocat/permission`)
      .reply(200, permission("read"))
      .get(`${repoPath}/issues/1/comments`)
      .query(true)
      .reply(200, [
        rawComment(7, old, BOT, "2026-11-01T00:30:00Z"),
        rawComment(492700400, "/approve", "sam"),
      ])
      .patch(`${repoPath}/issues/comments/7`, (body: { body: string }) => {
        edited = body.body;
        return true;
      })
      .reply(200, {})
      .delete(`${repoPath}/issues/1/labels/needs-approval`)
      .reply(200, []);
    await newProbot().receive(commentEvent("d-1b", "/approve", "sam"));
    expect(edited).toContain('"approvedBy":"sam"');
  });

  it.each(["triage", "read", "none"])(
    "refuses /approve from %s with a short reply",
    async (role) => {
      let reply = "";
      commonScope(featureIssue(queued))
        .get(`${repoPath}/collaborators/maya/permission`)
        .reply(200, permission(role))
        .post(`${repoPath}/issues/1/comments`, (body: { body: string }) => {
          reply = body.body;
          return true;
        })
        .reply(201, { id: 5, html_url: "x" });
      await newProbot().receive(commentEvent("d-2", "/approve"));
      expect(reply).toBe(
        `@maya \`/approve\` needs write access to this repository; yours is ${role}. Nothing was changed.`,
      );
    },
  );

  it("denies when the permission lookup fails", async () => {
    let reply = "";
    commonScope(featureIssue(queued))
      .get(`${repoPath}/collaborators/maya/permission`)
      .reply(500, { message: "Server Error" })
      .post(`${repoPath}/issues/1/comments`, (body: { body: string }) => {
        reply = body.body;
        return true;
      })
      .reply(201, { id: 5, html_url: "x" });
    await newProbot().receive(commentEvent("d-3", "/approve"));
    expect(reply).toContain("yours is none");
  });

  it.each([
    { login: "nightshift[bot]", type: "Bot" },
    { login: "dependabot[bot]", type: "Bot" },
    { login: "some-app[bot]", type: "Bot" },
  ])("ignores $login without a single request", async ({ login, type }) => {
    await newProbot().receive(commentEvent("d-4", "/approve", login, type));
  });

  it.each(["> /approve", "```\n/approve\n```", "    /approve", "please /approve"])(
    "ignores a command that is quoted, in code or mid-line: %j",
    async (body) => {
      await newProbot().receive(commentEvent("d-5", body));
    },
  );

  it("ignores edited comments, even ones that now say /approve", async () => {
    const payload = structuredClone(commentEvent("d-6", "/approve").payload) as {
      action: string;
      changes: object;
    };
    payload.action = "edited";
    payload.changes = { body: { from: "hello" } };
    await newProbot().receive({ id: "d-6", name: "issue_comment", payload: payload as never });
  });

  it("acts once on a delivery received twice", async () => {
    commonScope(featureIssue(queued))
      .get(`${repoPath}/collaborators/maya/permission`)
      .reply(200, permission("write"))
      .post(`${repoPath}/issues/comments/492700400/reactions`, { content: "+1" })
      .reply(201, {})
      .post(`${repoPath}/issues/1/labels`, { labels: ["needs-approval"] })
      .reply(200, [])
      .get(`${repoPath}/collaborators/Codertocat/permission`)
      .reply(200, permission("read"))
      .get(`${repoPath}/issues/1/comments`)
      .query(true)
      .reply(200, [])
      .post(`${repoPath}/issues/1/comments`)
      .reply(201, { id: 6, html_url: "x" });
    const probot = newProbot();
    await probot.receive(commentEvent("same-delivery", "/approve cancel"));
    await probot.receive(commentEvent("same-delivery", "/approve cancel"));
  });

  it("/retry removes the failed label", async () => {
    commonScope(featureIssue([...queued, "nightshift: failed"]))
      .get(`${repoPath}/collaborators/maya/permission`)
      .reply(200, permission("maintain"))
      .post(`${repoPath}/issues/comments/492700400/reactions`)
      .reply(201, {})
      .delete(`${repoPath}/issues/1/labels/nightshift%3A%20failed`)
      .reply(200, []);
    await newProbot().receive(commentEvent("d-7", "/retry"));
  });

  it("/nightshift plan replies with the repository's plan from the same planning code", async () => {
    let reply = "";
    commonScope(featureIssue(["priority: high", "category: bug"]))
      .get(`${repoPath}/collaborators/tia/permission`)
      .reply(200, permission("triage"))
      .post(`${repoPath}/issues/comments/492700400/reactions`)
      .reply(201, {})
      .get(repoPath)
      .reply(200, { default_branch: "main", clone_url: "x", archived: false })
      .get(`${repoPath}/contents/.github%2Fnightshift.yml`)
      .reply(404, { message: "Not Found" })
      .get("/repos/Codertocat/.github/contents/.github%2Fnightshift.yml")
      .reply(404, { message: "Not Found" })
      .get(`${repoPath}/issues`)
      .query(true)
      .reply(200, [
        { ...featureIssue(["priority: high", "category: bug"]), comments: 0 },
        {
          ...featureIssue(["priority: low", "category: docs"]),
          number: 2,
          title: "Docs",
          comments: 0,
          body: "depends on #1",
        },
      ])
      .get(`${repoPath}/collaborators/Codertocat/permission`)
      .reply(200, permission("admin"))
      .post(`${repoPath}/issues/1/comments`, (body: { body: string }) => {
        reply = body.body;
        return true;
      })
      .reply(201, { id: 8, html_url: "x" });
    const probot = newProbot({
      planContext: {
        quota: () => Promise.resolve({ unit: "prompts", limit: 100, remaining: 90 }),
        policy: {
          thresholds: { critical: 5, high: 15, medium: 25, low: 40 },
          safetyBufferPercent: 20,
        },
      },
    });
    await probot.receive(commentEvent("d-8", "/nightshift plan", "tia"));
    expect(reply).toMatchInlineSnapshot(`
      "@tia here is the plan for the next session (90 of 100 prompts left; quota is shared by every repository this host serves):

      **Would run, in order:**
      1. #1 Spelling error in the README file — high, cost 10

      **Would not run:**
      - #2 Docs: waits for #1 to be closed"
    `);
  });
});
