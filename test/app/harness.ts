import { afterEach, beforeEach, expect } from "vitest";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { nightshiftApp, type AppOptions } from "../../src/app.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { KeyedWorkQueue } from "../../src/github/work-queue.js";
import { testPrivateKey } from "../support/keys.js";
import { examplePayload } from "../support/payloads.js";

export const api = "https://api.github.com";
export const repoPath = "/repos/Codertocat/Hello-World";
export const BOT = "nightshift[bot]";

let privateKey: string | undefined;

/** A Probot running Nightshift whose `receive` resolves once the handlers' queued work is done. */
export function newProbot(options: AppOptions = {}): Pick<Probot, "receive"> {
  privateKey ??= testPrivateKey();
  const log = pino({ level: "silent" });
  const probot = new Probot({ appId: 123, privateKey, log, Octokit: UnthrottledOctokit });
  const queue = new KeyedWorkQueue({ concurrency: 4, maxPending: 100, logger: log });
  void probot.load(nightshiftApp({ ...options, queue }));
  return {
    receive: async (event) => {
      await probot.receive(event);
      await queue.idle();
    },
  };
}

/** The example comment payload with this body and author. */
export function commentEvent(id: string, body: string, login = "maya", type = "User") {
  const payload = examplePayload("issue_comment", "created");
  const comment = payload.comment as { body: string; user: { login: string; type: string } };
  comment.body = body;
  comment.user.login = login;
  comment.user.type = type;
  return { id, name: "issue_comment" as const, payload: payload as never };
}

/** An `issues.edited` payload: `sender` changed the body to `body`. */
export function editEvent(id: string, body: string, sender: string, senderType = "User") {
  const payload = examplePayload("issues", "edited");
  const issue = payload.issue as { body: string };
  const from = issue.body;
  issue.body = body;
  payload.changes = { body: { from } };
  const user = payload.sender as { login: string; type: string };
  user.login = sender;
  user.type = senderType;
  return { id, name: "issues" as const, payload: payload as never };
}

export const TITLE = "Spelling error in the README file";
export const COMMENT_BODY = "It looks like you accidently spelled 'commit' with two 't's.";

export const featureIssue = (labels: string[], body = COMMENT_BODY) => ({
  number: 1,
  title: TITLE,
  body,
  labels: labels.map((name) => ({ name })),
  user: { login: "Codertocat", type: "User" },
  created_at: "2026-11-01T00:00:00Z",
  state: "open",
  comments: 1,
});

export interface RawComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at?: string;
}

export const rawComment = (
  id: number,
  body: string,
  login: string,
  created_at = "2026-11-01T01:00:00Z",
  type = login.endsWith("[bot]") ? "Bot" : "User",
): RawComment => ({ id, body, user: { login, type }, created_at, updated_at: created_at });

/** What every handled issue event asks first: the app (once), a token, the config (absent), the issue. */
export function commonScope(issue: object) {
  return nock(api)
    .get("/app")
    .reply(200, { id: 123, slug: "nightshift", name: "Nightshift" })
    .post("/app/installations/1/access_tokens")
    .reply(201, { token: "ghs_test", permissions: { issues: "write" } })
    .get(`${repoPath}/contents/.github%2Fnightshift.yml`)
    .reply(404, { message: "Not Found" })
    .get("/repos/Codertocat/.github/contents/.github%2Fnightshift.yml")
    .reply(404, { message: "Not Found" })
    .get(`${repoPath}/issues/1`)
    .reply(200, issue);
}

/**
 * The requests maya's accepted `/approve` (comment 492700400 with `body`) makes on `issue`, up to
 * and including the new status comment, whose body `status()` returns. Chain what follows.
 */
export function acceptedApproveScope(issue: object, body: string) {
  let posted = "";
  const scope = commonScope(issue)
    .get(`${repoPath}/collaborators/maya/permission`)
    .reply(200, permission("admin"))
    .post(`${repoPath}/issues/comments/492700400/reactions`, { content: "+1" })
    .reply(201, {})
    .get(`${repoPath}/collaborators/Codertocat/permission`)
    .reply(200, permission("read"))
    .get(`${repoPath}/issues/1/comments`)
    .query(true)
    .reply(200, [rawComment(492700400, body, "maya")])
    .post(`${repoPath}/issues/1/comments`, (request: { body: string }) => {
      posted = request.body;
      return true;
    })
    .reply(201, { id: 9, html_url: "x" });
  return { scope, status: () => posted };
}

export const permission = (role: string) => ({
  permission: role === "maintain" ? "write" : role === "triage" ? "read" : role,
  role_name: role,
});

/**
 * No request leaves the test, and every interceptor a test declares must have been used: call
 * once at the top of a test file.
 */
export function strictNock(): void {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });
}
