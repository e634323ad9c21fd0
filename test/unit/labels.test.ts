import { describe, expect, it } from "vitest";
import { RepoConfigSchema } from "../../src/config/repo-schema.js";
import { parseTaskLabels } from "../../src/queue/labels.js";

const names = RepoConfigSchema.parse({}).labels;

describe("parseTaskLabels", () => {
  it.each([
    {
      labels: ["priority: high", "category: bug"],
      expected: { priority: "high", category: "bug", problems: [] },
    },
    { labels: ["Priority: Critical"], expected: { priority: "critical", problems: [] } },
    {
      labels: ["priority: high", "size: m", "cost: 12"],
      expected: { priority: "high", size: "M", cost: 12, problems: [] },
    },
    { labels: ["bug", "help wanted"], expected: { problems: [] } },
    { labels: ["priority: urgent"], expected: { problems: ['unknown priority "urgent"'] } },
    {
      labels: ["priority: high", "priority: low"],
      expected: { problems: ["more than one priority label (high, low)"] },
    },
    {
      labels: ["priority: low", "cost: lots"],
      expected: { priority: "low", problems: ['unknown cost "lots"'] },
    },
    {
      labels: ["priority: low", "cost: 0"],
      expected: { priority: "low", problems: ['unknown cost "0"'] },
    },
    {
      labels: ["priority: low", "size: XXL"],
      expected: { priority: "low", problems: ['unknown size "XXL"'] },
    },
    {
      labels: ["priority: low", "category: a b"],
      expected: { priority: "low", problems: ['unknown category "a b"'] },
    },
  ])("$labels", ({ labels, expected }) => {
    const parsed = parseTaskLabels(labels, names);
    expect(parsed).toEqual({
      priority: undefined,
      category: undefined,
      size: undefined,
      cost: undefined,
      ...expected,
    });
  });

  it("honours configured prefixes", () => {
    const parsed = parseTaskLabels(["P-high", "kind/docs"], {
      ...names,
      priority: "P-",
      category: "kind/",
    });
    expect(parsed.priority).toBe("high");
    expect(parsed.category).toBe("docs");
  });
});
