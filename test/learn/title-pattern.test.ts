import { describe, expect, it } from "vitest";
import { displayTitle, titlePattern } from "../../src/learn/title-pattern.js";

describe("titlePattern", () => {
  it.each([
    ["Release v1.4.0 (2026-01-05)", "release"],
    ["Release 1.5.0-rc.1", "release"],
    ["Weekly dependency update — 2026/01/12", "weekly dependency update"],
    ["Weekly dependency update 12/01/2026", "weekly dependency update"],
    ["Monthly report: March 2026", "monthly report"],
    ["Monthly report: April", "monthly report"],
    ["Monthly report for Jan 5th, 2026", "monthly report for"],
    ["Sprint 14 retro", "retro"],
    ["Q3 planning", "planning"],
    ["Week 7: rotate keys", "rotate keys"],
    ["Rotate keys (2026-W07)", "rotate keys"],
    ["Fix #123 again", "fix again"],
    ["Things may break", "things may break"],
    ["Update Node to v20", "update node to"],
    ["2026-01-05", ""],
  ])("%j → %j", (title, pattern) => {
    expect(titlePattern(title)).toBe(pattern);
  });
});

describe("displayTitle", () => {
  it.each([
    ["Release v1.4.0 (2026-01-05)", "Release"],
    ["Weekly dependency update — 2026/01/12", "Weekly dependency update"],
    ["Monthly report: March 2026", "Monthly report"],
    ["[2026-01-05] Rotate keys", "Rotate keys"],
    ["Week 7: rotate keys", "rotate keys"],
  ])("%j → %j", (title, shown) => {
    expect(displayTitle(title)).toBe(shown);
  });
});
