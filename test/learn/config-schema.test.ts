import { describe, expect, it } from "vitest";
import { HostLearningSchema, RepoLearningSchema } from "../../src/learn/config-schema.js";

describe("the learning config fragments", () => {
  it("default to nothing recurring, no weekend list, no until-done target, five runs", () => {
    expect(RepoLearningSchema.parse({})).toEqual({
      recurring: [],
      weekend: { enabled: false, candidates: 5 },
      untilDone: [],
    });
    expect(HostLearningSchema.parse({})).toEqual({ calibration: { minRuns: 5 } });
  });

  it("fills an until-done target's defaults", () => {
    const { untilDone } = RepoLearningSchema.parse({ untilDone: [{ milestone: "v2.0" }] });
    expect(untilDone).toEqual([{ milestone: "v2.0", pauseAfterFailures: 3, statusEveryHours: 2 }]);
  });

  it.each([
    [{ untilDone: [{}] }, "untilDone.0: name either a milestone or a label"],
    [
      { untilDone: [{ milestone: "a", label: "b" }] },
      "untilDone.0: name either a milestone or a label",
    ],
    [{ untilDone: [{ label: "a,b" }] }, "untilDone.0.label: a label name without commas"],
    [{ weekend: { candidates: 0 } }, "weekend.candidates"],
    [{ recurring: [{ title: "x", schedule: "*/5 * * * *" }] }, "recurring.0.schedule"],
  ])("refuses %j", (input, where) => {
    const result = RepoLearningSchema.safeParse(input);
    const lines = result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
    expect(lines.join("\n")).toContain(where);
  });
});
