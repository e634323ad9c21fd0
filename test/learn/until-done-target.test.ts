import { describe, expect, it } from "vitest";
import {
  asksToResume,
  describeTarget,
  resumeCommand,
  targetKey,
} from "../../src/learn/until-done-target.js";

describe("until-done targets", () => {
  it("are keyed and named by their milestone or label", () => {
    expect(targetKey({ milestone: "v2.0" })).toBe("milestone:v2.0");
    expect(targetKey({ label: "epic: parser" })).toBe("label:epic: parser");
    expect(describeTarget({ label: "epic: parser" })).toBe("label `epic: parser`");
    // A backtick cannot end the inline code early.
    expect(describeTarget({ milestone: "v`2" })).toBe("milestone `v'2`");
    expect(resumeCommand({ milestone: "v2.0" })).toBe("`/nightshift resume v2.0`");
  });

  it.each<[string, string, boolean]>([
    ["/nightshift resume v2.0", "v2.0", true],
    ["Looked at it.\n/Nightshift  Resume  V2.0\nthanks", "v2.0", true],
    ["/nightshift resume epic: parser", "epic: parser", true],
    ["/nightshift resume v2.1", "v2.0", false],
    ["/nightshift resume", "v2.0", false],
    ["> /nightshift resume v2.0", "v2.0", false],
    ["```\n/nightshift resume v2.0\n```", "v2.0", false],
    ["please /nightshift resume v2.0", "v2.0", false],
  ])("%j resumes %s: %s", (body, name, expected) => {
    expect(asksToResume(body, { milestone: name })).toBe(expected);
  });
});
