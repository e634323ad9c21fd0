import { pino } from "pino";
import { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { nightshiftApp, webhookQueue } from "../../src/app.js";
import { issueTextHash } from "../../src/approval/text-hash.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { testPrivateKey } from "../support/keys.js";
import { examplePayload } from "../support/payloads.js";
import {
  acceptedApproveScope,
  BOT,
  COMMENT_BODY,
  commentEvent,
  commonScope,
  editEvent,
  featureIssue,
  newProbot,
  permission,
  rawComment,
  repoPath,
  strictNock,
  TITLE,
} from "./harness.js";

const queued = ["priority: high", "category: feature"];
const installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };

function labeledEvent(id: string) {
  const payload = examplePayload("issues", "labeled");
  payload.installation = installation;
  return { id, name: "issues" as const, payload: payload as never };
}

function textEdit(id: string, body: string, sender: string) {
  const event = editEvent(id, body, sender);
  (event.payload as { installation: object }).installation = installation;
  return event;
}

strictNock();

/** What each webhook's queued work asks of GitHub: only what it needs, each thing once. */
describe("webhook work", () => {
  it("does no work, and asks nothing, for an edit that leaves the title and body alone", async () => {
    const payload = examplePayload("issues", "edited");
    payload.installation = { id: 1 };
    payload.changes = {};
    await newProbot().receive({ id: "w-1", name: "issues", payload: payload as never });
  });

  it("lists no comments of an issue that has none", async () => {
    const labels: string[][] = [];
    let status = "";
    commonScope({ ...featureIssue(queued), comments: 0 })
      .get(`${repoPath}/collaborators/Codertocat/permission`)
      .reply(200, permission("read"))
      .post(`${repoPath}/issues/1/comments`, (body: { body: string }) => {
        status = body.body;
        return true;
      })
      .reply(201, { id: 9, html_url: "x" })
      .post(`${repoPath}/issues/1/labels`, (body: { labels: string[] }) => {
        labels.push(body.labels);
        return true;
      })
      .reply(200, []);
    await newProbot().receive(labeledEvent("w-2"));
    expect(labels).toEqual([["needs-approval"]]);
    expect(status).toContain("needs a maintainer's approval first");
  });

  it("still lists the comments of an issue whose count says none when a comment on it commands", async () => {
    const { status } = acceptedApproveScope({ ...featureIssue(queued), comments: 0 }, "/approve");
    await newProbot().receive(commentEvent("w-5", "/approve"));
    expect(status()).toContain("✅ Approved by @maya");
  });

  it("lists an edited issue's comments once, to void the approval and rewrite the status", async () => {
    const hash = issueTextHash({ title: TITLE, body: COMMENT_BODY });
    const approved = `<!-- nightshift:status {"approvedHash":"${hash}","approvedBy":"maya"} -->\n✅ Approved by @maya`;
    let edited = "";
    commonScope(featureIssue(queued, "new text"))
      .get(`${repoPath}/collaborators/eve/permission`)
      .reply(200, permission("read"))
      .get(`${repoPath}/issues/1/comments`)
      .query(true)
      .once()
      .reply(200, [rawComment(7, approved, BOT, "2026-11-01T00:30:00Z")])
      .get(`${repoPath}/collaborators/Codertocat/permission`)
      .reply(200, permission("read"))
      .patch(`${repoPath}/issues/comments/7`, (body: { body: string }) => {
        edited = body.body;
        return true;
      })
      .reply(200, {})
      .post(`${repoPath}/issues/1/labels`, { labels: ["needs-approval"] })
      .reply(200, []);
    await newProbot().receive(textEdit("w-3", "new text", "eve"));
    expect(edited.split("\n")[0]).toBe(
      '<!-- nightshift:status {"approvedHash":null,"voidedBy":"eve"} -->',
    );
    expect(edited).toContain("✋ @eve edited this issue after it was approved");
  });

  it("answers before the work starts, then does the work (the app's own queue)", async () => {
    const scope = commonScope({ ...featureIssue(["priority: high", "category: bug"]), comments: 0 })
      .get(`${repoPath}/collaborators/Codertocat/permission`)
      .reply(200, permission("admin"));
    const log = pino({ level: "silent" });
    const queue = webhookQueue(log);
    const probot = new Probot({
      appId: 123,
      privateKey: testPrivateKey(),
      log,
      Octokit: UnthrottledOctokit,
    });
    await probot.load(nightshiftApp({ queue }));
    await probot.receive(labeledEvent("w-4"));
    expect(queue.size).toBe(1); // held: answering comes first
    expect(scope.isDone()).toBe(false);
    await queue.idle();
    expect(scope.isDone()).toBe(true);
  });
});
