import nock from "nock";
import { describe, expect, it } from "vitest";
import { RepoConfigSchema } from "../../src/config/repo-schema.js";
import { labelSet } from "../../src/queue/label-set.js";
import { examplePayload } from "../support/payloads.js";
import { api, newProbot, repoPath, strictNock } from "./harness.js";

strictNock();

describe("installation", () => {
  it("creates the missing labels on every repository it was installed on", async () => {
    const created: string[] = [];
    const expected = labelSet(RepoConfigSchema.parse({})).map((l) => l.name);
    nock(api)
      .post("/app/installations/957387/access_tokens")
      .reply(201, { token: "ghs_test" })
      .get(`${repoPath}/contents/.github%2Fnightshift.yml`)
      .reply(404, { message: "Not Found" })
      .get("/repos/Codertocat/.github/contents/.github%2Fnightshift.yml")
      .reply(404, { message: "Not Found" })
      .get(`${repoPath}/labels`)
      .query(true)
      .reply(200, [{ name: "Priority: High" }, { name: "bug" }])
      .post(`${repoPath}/labels`, (body: { name: string }) => {
        created.push(body.name);
        return true;
      })
      .times(expected.length - 1)
      .reply(201, {});
    const payload = examplePayload("installation", "created");
    await newProbot().receive({ id: "i-1", name: "installation", payload: payload as never });
    expect(created).toEqual(expected.filter((name) => name !== "priority: high"));
  });
});
