import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { nightshiftApp } from "../../src/app.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { testPrivateKey } from "../support/keys.js";
import { examplePayload } from "../support/payloads.js";

const api = "https://api.github.com";
const repoPath = "/repos/Codertocat/Hello-World";
let privateKey: string;

beforeAll(() => {
  privateKey = testPrivateKey();
});

function newProbot(): Probot {
  const probot = new Probot({
    appId: 123,
    privateKey,
    log: pino({ level: "silent" }),
    Octokit: UnthrottledOctokit,
  });
  void probot.load(nightshiftApp());
  return probot;
}

function commentEvent(id: string, body: string, login = "maya", type = "User") {
  const payload = examplePayload("issue_comment", "created");
  const comment = payload.comment as {
    body: string;
    user: { login: string; type: string };
    id: number;
  };
  comment.body = body;
  comment.user.login = login;
  comment.user.type = type;
  return { id, name: "issue_comment" as const, payload: payload as never };
}

const featureIssue = {
  number: 1,
  title: "Add max()",
  body: "Please.",
  labels: [{ name: "priority: high" }, { name: "category: feature" }, { name: "needs-approval" }],
  user: { login: "Codertocat", type: "User" },
  created_at: "2026-11-01T00:00:00Z",
  state: "open",
};

/** The requests every handled comment makes: a token, the config (absent), the issue. */
function commonScope() {
  return nock(api)
    .post("/app/installations/1/access_tokens")
    .reply(201, { token: "ghs_test", permissions: { issues: "write" } })
    .get(`${repoPath}/contents/.github%2Fnightshift.yml`)
    .reply(404, { message: "Not Found" })
    .get("/repos/Codertocat/.github/contents/.github%2Fnightshift.yml")
    .reply(404, { message: "Not Found" })
    .get(`${repoPath}/issues/1`)
    .reply(200, featureIssue);
}

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toEqual([]);
});

describe("comment commands", () => {
  it("accepts /approve from an admin: reacts and clears needs-approval", async () => {
    commonScope()
      .get(`${repoPath}/collaborators/maya/permission`)
      .reply(200, { permission: "admin", role_name: "admin" })
      .post(`${repoPath}/issues/comments/492700400/reactions`, { content: "+1" })
      .reply(201, {})
      .get(`${repoPath}/collaborators/Codertocat/permission`)
      .reply(200, { permission: "read", role_name: "read" })
      .get(`${repoPath}/issues/1/comments`)
      .query(true)
      .reply(200, [
        {
          id: 492700400,
          body: "/approve",
          user: { login: "maya", type: "User" },
          created_at: "2026-11-01T01:00:00Z",
        },
      ])
      .delete(`${repoPath}/issues/1/labels/needs-approval`)
      .reply(200, []);
    await newProbot().receive(commentEvent("d-1", "Looks right.\n/approve"));
  });

  it.each([
    { role: "triage", permission: "read" },
    { role: "read", permission: "read" },
  ])("refuses /approve from $role with a short reply", async ({ role, permission }) => {
    let reply = "";
    commonScope()
      .get(`${repoPath}/collaborators/maya/permission`)
      .reply(200, { permission, role_name: role })
      .post(`${repoPath}/issues/1/comments`, (body: { body: string }) => {
        reply = body.body;
        return true;
      })
      .reply(201, { id: 5, html_url: "x" });
    await newProbot().receive(commentEvent("d-2", "/approve"));
    expect(reply).toBe(
      `@maya \`/approve\` needs write access to this repository; yours is ${role}. Nothing was changed.`,
    );
  });

  it("denies when the permission lookup fails", async () => {
    let reply = "";
    commonScope()
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

  it("ignores bots, including itself, without a single request", async () => {
    await newProbot().receive(commentEvent("d-4", "/approve", "nightshift[bot]", "Bot"));
  });

  it("acts once on a delivery received twice", async () => {
    commonScope()
      .get(`${repoPath}/collaborators/maya/permission`)
      .reply(200, { permission: "write", role_name: "write" })
      .post(`${repoPath}/issues/comments/492700400/reactions`, { content: "+1" })
      .reply(201, {})
      .post(`${repoPath}/issues/1/labels`, { labels: ["needs-approval"] })
      .reply(200, [])
      .get(`${repoPath}/collaborators/Codertocat/permission`)
      .reply(200, { permission: "read", role_name: "read" })
      .get(`${repoPath}/issues/1/comments`)
      .query(true)
      .reply(200, [])
      .post(`${repoPath}/issues/1/comments`)
      .reply(201, { id: 6, html_url: "x" });
    const probot = newProbot();
    // /approve cancel on an issue that is not approved: needs-approval is (re)asserted.
    const issueWithoutLabel = { ...featureIssue, labels: featureIssue.labels.slice(0, 2) };
    nock.removeInterceptor({
      hostname: "api.github.com",
      path: `${repoPath}/issues/1`,
      method: "GET",
      proto: "https",
    });
    nock(api).get(`${repoPath}/issues/1`).reply(200, issueWithoutLabel);
    await probot.receive(commentEvent("same-delivery", "/approve cancel"));
    await probot.receive(commentEvent("same-delivery", "/approve cancel"));
  });
});
