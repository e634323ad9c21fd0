import nock from "nock";
import { expect, it } from "vitest";
import { examplePayload } from "../support/payloads.js";
import { api, newProbot, repoPath, strictNock } from "./harness.js";

const plainIssue = {
  number: 1,
  title: "Not queued",
  body: "",
  labels: [],
  user: { login: "Codertocat", type: "User" },
  created_at: "2026-11-01T00:00:00Z",
  state: "open",
  comments: 0,
};

function labeledEvent(id: string) {
  const payload = examplePayload("issues", "labeled");
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return { id, name: "issues" as const, payload: payload as never };
}

function pushEvent(id: string, ref: string) {
  // The real example pushes to the default branch, `master`.
  const payload = examplePayload("push", undefined, true);
  Object.assign(payload, { ref });
  return { id, name: "push" as const, payload: payload as never };
}

/** Each config read: the repository's file, then the owner's `.github` fallback. */
function configReads(scope: nock.Scope, times: number): nock.Scope {
  return scope
    .get(`${repoPath}/contents/.github%2Fnightshift.yml`)
    .times(times)
    .reply(404, { message: "Not Found" })
    .get("/repos/Codertocat/.github/contents/.github%2Fnightshift.yml")
    .times(times)
    .reply(404, { message: "Not Found" });
}

strictNock();

it("reads a repository's config once for many events, and again after a push to its default branch", async () => {
  const scope = nock(api)
    .get("/app")
    .reply(200, { id: 123, slug: "nightshift" })
    .post("/app/installations/1/access_tokens")
    .reply(201, { token: "ghs_test" })
    .get(`${repoPath}/issues/1`)
    .times(4)
    .reply(200, plainIssue);
  configReads(scope, 2);
  const bot = newProbot();
  await bot.receive(labeledEvent("a"));
  await bot.receive(labeledEvent("b"));
  // A push to another branch changes nothing; one to the default branch evicts the config.
  await bot.receive(pushEvent("c", "refs/heads/feature"));
  await bot.receive(labeledEvent("d"));
  await bot.receive(pushEvent("e", "refs/heads/master"));
  await bot.receive(labeledEvent("f"));
  expect(scope.isDone()).toBe(true);
});
