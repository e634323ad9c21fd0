import nock from "nock";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { octokitGitHub, type OctokitGitHub } from "../../src/github/octokit-port.js";
import { offlineNock } from "../support/offline-nock.js";

const repo = { owner: "acme", repo: "calc" };
const api = "https://api.github.com";
const since = new Date("2026-06-01T00:00:00Z");

function port(): OctokitGitHub {
  const octokit = new ProbotOctokit({
    auth: { token: "ghs_test" },
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  return octokitGitHub(octokit);
}

const closed = (number: number, closedAt: string, extra: Record<string, unknown> = {}) => ({
  number,
  title: `Weekly notes ${String(number)}`,
  state: "closed",
  closed_at: closedAt,
  labels: [{ name: "priority: low" }, "category: docs"],
  user: { login: "maya", type: "User" },
  created_at: closedAt,
  ...extra,
});

const query = (page?: number) => ({
  state: "closed",
  since: since.toISOString(),
  sort: "updated",
  direction: "desc",
  per_page: "100",
  ...(page === undefined ? {} : { page: String(page) }),
});

const link = (page: number) =>
  `<${api}/repositories/1/issues?state=closed&page=${String(page)}>; rel="next", <${api}/repositories/1/issues?state=closed&page=9>; rel="last"`;

offlineNock();

describe("OctokitGitHub: the closed issues repeats are read from", () => {
  it("is one listing of closed issues since then, without pull requests or older closings", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/issues")
      .query(query())
      .reply(200, [
        closed(3, "2026-06-15T09:00:00Z"),
        closed(2, "2026-06-08T09:00:00Z", { pull_request: { url: `${api}/pulls/2` } }),
        // Updated since, but closed before: not a closing of the last six months.
        closed(1, "2026-05-01T09:00:00Z"),
      ]);
    expect(await port().listClosedIssues(repo, { since, maxPages: 5 })).toEqual([
      {
        title: "Weekly notes 3",
        closedAt: new Date("2026-06-15T09:00:00Z"),
        labels: ["priority: low", "category: docs"],
      },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it("stops after maxPages pages however many there are", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/issues")
      .query(query())
      .reply(200, [closed(9, "2026-06-29T09:00:00Z")], { link: link(2) })
      .get("/repositories/1/issues")
      .query({ state: "closed", page: "2" })
      .reply(200, [closed(8, "2026-06-22T09:00:00Z")], { link: link(3) });
    const issues = await port().listClosedIssues(repo, { since, maxPages: 2 });
    expect(issues.map((issue) => issue.title)).toEqual(["Weekly notes 9", "Weekly notes 8"]);
    expect(scope.isDone()).toBe(true);
  });
});
