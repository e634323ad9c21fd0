import { describe, expect, it } from "vitest";
import { malformation } from "../../src/handlers/delivery-shape.js";
import { examplePayload } from "../support/payloads.js";

const labeled = (): Record<string, unknown> => ({
  ...examplePayload("issues", "labeled"),
  installation: { id: 1 },
});

describe("malformation", () => {
  it("passes real payloads, and events it reads nothing of", () => {
    expect(malformation("issues", labeled())).toBeNull();
    expect(malformation("issue_comment", examplePayload("issue_comment", "created"))).toBeNull();
    expect(malformation("pull_request", examplePayload("pull_request", "opened"))).toBeNull();
    expect(malformation("push", examplePayload("push", undefined))).toBeNull();
    expect(malformation("ping", { zen: "Keep it logically awesome." })).toBeNull();
  });

  it.each([
    ["issues", null, "payload is not a JSON object"],
    ["ping", [1], "payload is not a JSON object"],
    ["issues", { ...labeled(), installation: { id: "1" } }, "installation.id must be a number"],
    ["issues", { ...labeled(), repository: { name: "x" } }, "repository.owner.login"],
    ["issues", { ...labeled(), issue: { number: 1, title: "t", labels: "bug" } }, "issue.labels"],
    ["issues", { ...labeled(), action: "edited" }, "changes must be an object"],
    ["issue_comment", { ...labeled(), action: "created" }, "comment.id must be a number"],
  ])("names what is wrong with a malformed %s payload", (event, payload, problem) => {
    expect(malformation(event, payload)).toContain(problem);
  });

  it("accepts null where GitHub sends null", () => {
    const payload = labeled();
    Object.assign(payload.issue as object, { user: null, labels: undefined });
    expect(malformation("issues", payload)).toBeNull();
  });
});
