import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  approvalTag,
  newlyTicked,
  newlyTickedRepeats,
  repeatTag,
  untickRepeats,
} from "../../src/approval/ticks.js";

const line = (series: string, ticked: boolean, text = "Weekly notes — weekly on Monday") =>
  `- [${ticked ? "x" : " "}] ${text} ${repeatTag(series)}`;

describe("repeat suggestion boxes", () => {
  it.each([
    ["a box ticked", [line("notes", false)], [line("notes", true)], ["notes"]],
    [
      "an upper-case X",
      [line("notes", false)],
      [line("notes", false).replace("[ ]", "[X]")],
      ["notes"],
    ],
    ["a box unticked", [line("notes", true)], [line("notes", false)], []],
    ["a box already ticked", [line("notes", true)], [line("notes", true)], []],
    [
      "a tag only in prose",
      ["Tick " + repeatTag("notes")],
      ["Tick " + repeatTag("notes") + " x"],
      [],
    ],
    ["a new line ticked", [], [line("forged", true)], ["forged"]],
    ["a series that is no slug", [], [`- [x] Notes <!-- nightshift:repeat Notes! -->`], []],
    ["an approval box is not a repeat", [], [`- [x] #4 Fix ${approvalTag(4)}`], []],
    [
      "two ticked in one edit, sorted",
      [line("b", false), line("a", false)],
      [line("b", true), line("a", true)],
      ["a", "b"],
    ],
  ])("%s", (_name, before, after, ticked) => {
    expect(newlyTickedRepeats(before.join("\n"), after.join("\n"))).toEqual(ticked);
  });

  it("untick leaves the other boxes and every other line as they were", () => {
    const body = [line("a", true), line("b", true), `- [x] #4 Fix ${approvalTag(4)}`].join("\n");
    expect(untickRepeats(body, ["a"])).toBe(
      [line("a", false), line("b", true), `- [x] #4 Fix ${approvalTag(4)}`].join("\n"),
    );
  });

  const series = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/);
  const boxes = fc.uniqueArray(fc.record({ series, ticked: fc.boolean() }), {
    selector: (box) => box.series,
    maxLength: 6,
  });
  const body = (list: readonly { series: string; ticked: boolean }[]) =>
    ["## Dashboard", ...list.map((box) => line(box.series, box.ticked))].join("\n");

  it("a tick is newly ticked exactly when it was not before; untick takes it back", () => {
    fc.assert(
      fc.property(boxes, fc.array(fc.boolean(), { maxLength: 6 }), (before, flips) => {
        const after = before.map((box, i) => ({ ...box, ticked: flips[i] ?? box.ticked }));
        const ticked = newlyTickedRepeats(body(before), body(after));
        const expected = after
          .filter((box, i) => box.ticked && !before[i]?.ticked)
          .map((box) => box.series)
          .sort();
        expect(ticked).toEqual(expected);
        // Undoing the new ticks leaves nothing newly ticked, and touches no approval box.
        const undone = untickRepeats(body(after), ticked);
        expect(newlyTickedRepeats(body(before), undone)).toEqual([]);
        expect(newlyTicked(body(before), undone)).toEqual([]);
        // An untick of nothing changes nothing.
        expect(untickRepeats(body(after), [])).toBe(body(after));
      }),
    );
  });
});
