import { describe, expect, it } from "vitest";
import { RepoConfigSchema } from "../../src/config/repo-schema.js";
import { bootstrapLabels, labelSet } from "../../src/queue/label-set.js";
import { FakeGitHub } from "./fake-port.js";

const repo = { owner: "acme", repo: "calc" };

describe("labelSet", () => {
  it("covers every family with colours and descriptions, named as configured", () => {
    const config = RepoConfigSchema.parse({
      labels: { priority: "P-", needsApproval: "awaiting-ok" },
      categories: { costs: { security: 30 } },
    });
    const labels = labelSet(config);
    const names = labels.map((l) => l.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "P-critical",
        "P-low",
        "category: bug",
        "category: security",
        "size: XL",
        "awaiting-ok",
        "nightshift: failed",
        "nightshift: report",
      ]),
    );
    for (const label of labels) {
      expect(label.color).toMatch(/^[0-9a-f]{6}$/);
      expect(label.description.length).toBeLessThanOrEqual(100);
    }
    expect(labels.find((l) => l.name === "category: feature")?.description).toContain(
      "needs /approve",
    );
  });
});

describe("bootstrapLabels", () => {
  it("creates only what is missing, comparing names case-insensitively, and touches nothing else", async () => {
    const github = new FakeGitHub();
    github.repoLabels = ["Priority: High", "bug", "needs-approval"];
    const created = await bootstrapLabels(github, repo, RepoConfigSchema.parse({}));
    expect(created).not.toContain("priority: high");
    expect(created).not.toContain("needs-approval");
    expect(created).toContain("priority: critical");
    expect(github.createdLabels).toEqual(created);
    expect(github.calls).toEqual(["listLabels"]);
  });
});
