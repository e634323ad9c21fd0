import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { issueTextHash } from "../../src/approval/text-hash.js";
import { renderDashboard } from "../../src/report/dashboard.js";
import type { Task } from "../../src/queue/task.js";
import { examplePayload } from "../support/payloads.js";
import { api, BOT, featureIssue, newProbot, permission, repoPath, TITLE } from "./harness.js";

const task = (number: number, title: string): Task => ({
  repo: { owner: "Codertocat", repo: "Hello-World" },
  issue: {
    number,
    title,
    body: "",
    labels: [],
    author: "Codertocat",
    authorType: "User",
    createdAt: "2026-11-01T00:00:00Z",
    state: "open",
  },
  priority: "high",
  cost: 5,
  problems: [],
});

const dashboard = renderDashboard(
  {
    eligible: [],
    skipped: [
      {
        task: task(4, TITLE),
        reason: { kind: "needs-approval", requirement: 'category "feature"' },
      },
    ],
  },
  new Date("2026-11-01T20:00:00Z"),
);
const ticked = dashboard.replace("- [ ] #4", "- [x] #4");
const EDITED_AT = "2026-11-02T08:00:00Z";

/** An `issues.edited` event on the report issue (#1): `sender` changed its body to `ticked`. */
function tickEvent(id: string, sender: string, senderType = "User") {
  const payload = examplePayload("issues", "edited");
  const issue = payload.issue as { body: string; labels: object[]; updated_at: string };
  issue.body = ticked;
  issue.labels = [{ name: "nightshift: report" }];
  issue.updated_at = EDITED_AT;
  payload.changes = { body: { from: dashboard } };
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  payload.sender = { ...(payload.sender as object), login: sender, type: senderType };
  return { id, name: "issues" as const, payload: payload as never };
}

/** The app, a token and the (absent) config: what every handled event asks first. */
const startScope = () =>
  nock(api)
    .get("/app")
    .reply(200, { id: 123, slug: "nightshift", name: "Nightshift" })
    .post("/app/installations/1/access_tokens")
    .reply(201, { token: "ghs_test", permissions: { issues: "write" } })
    .get(`${repoPath}/contents/.github%2Fnightshift.yml`)
    .reply(404, { message: "Not Found" })
    .get("/repos/Codertocat/.github/contents/.github%2Fnightshift.yml")
    .reply(404, { message: "Not Found" });

const unmatched: string[] = [];
const onNoMatch = (req: { method?: string; path?: string }) => {
  unmatched.push(`${req.method ?? "?"} ${req.path ?? "?"}`);
};

beforeEach(() => {
  nock.disableNetConnect();
  unmatched.length = 0;
  nock.emitter.on("no match", onNoMatch);
});

afterEach(() => {
  nock.emitter.removeListener("no match", onNoMatch);
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toEqual([]);
  expect(unmatched).toEqual([]);
});

describe("ticks on the report issue's dashboard", () => {
  it("records a tick by a writer as an /approve of the issue as it reads now", async () => {
    let status = "";
    const target = { ...featureIssue(["priority: high", "category: feature", "needs-approval"]) };
    startScope()
      .get(`${repoPath}/collaborators/maya/permission`)
      .reply(200, permission("write"))
      .get(`${repoPath}/issues/4`)
      .reply(200, { ...target, number: 4 })
      .get(`${repoPath}/issues/4/comments`)
      .query(true)
      .reply(200, [])
      .get(`${repoPath}/collaborators/Codertocat/permission`)
      .reply(200, permission("read"))
      .post(`${repoPath}/issues/4/comments`, (body: { body: string }) => {
        status = body.body;
        return true;
      })
      .reply(201, { id: 9, html_url: "x" })
      .delete(`${repoPath}/issues/4/labels/needs-approval`)
      .reply(200, []);
    await newProbot().receive(tickEvent("t-1", "maya"));
    const record = {
      approvedHash: issueTextHash({ title: TITLE, body: target.body }),
      approvedBy: "maya",
      approvedVia: "dashboard",
      approvedAt: EDITED_AT,
    };
    expect(status.split("\n")[0]).toBe(`<!-- nightshift:status ${JSON.stringify(record)} -->`);
    expect(status).toContain("✅ Approved by @maya");
    expect(status).toContain("ticking its box on the Nightshift dashboard (#1)");
  });

  it.each(["triage", "read", "none"])(
    "undoes a tick by someone with %s access, with a reply saying why",
    async (role) => {
      let body = "";
      let reply = "";
      startScope()
        .get(`${repoPath}/collaborators/maya/permission`)
        .reply(200, permission(role))
        .patch(`${repoPath}/issues/1`, (sent: { body: string }) => {
          body = sent.body;
          return true;
        })
        .reply(200, {})
        .post(`${repoPath}/issues/1/comments`, (sent: { body: string }) => {
          reply = sent.body;
          return true;
        })
        .reply(201, { id: 5, html_url: "x" });
      await newProbot().receive(tickEvent("t-2", "maya"));
      expect(body).toBe(dashboard);
      expect(reply).toBe(
        `@maya your tick on #4 was undone: ticking a box is \`/approve\`, which needs write access to this repository; yours is ${role}. Nothing was approved.`,
      );
    },
  );

  it("ignores its own edits of the dashboard: no approval, no revert", async () => {
    startScope();
    await newProbot().receive(tickEvent("t-3", BOT, "Bot"));
  });

  it("never treats a report issue edit as a text edit of a task", async () => {
    // The same edit with no box ticked: nothing to approve, and no approval-voiding pass.
    const payload = tickEvent("t-4", "maya").payload as { changes: { body: { from: string } } };
    payload.changes.body.from = ticked;
    startScope();
    await newProbot().receive({ id: "t-4", name: "issues", payload: payload as never });
  });
});
