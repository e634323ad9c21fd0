import { describe, expect, it } from "vitest";
import { sizeRefusal } from "../../src/queue/size-fit.js";
import type { Size } from "../../src/types.js";
import { utc, window } from "./helpers.js";
import { describeSkip } from "../../src/queue/skip-reason.js";

const quickWin = window({ name: "quick-win", sizes: ["S"] });
const closesAt = utc("2026-01-06T07:00:00Z");

describe("sizeRefusal", () => {
  it.each<[Size | undefined, string, readonly Size[], string | null]>([
    [undefined, "2026-01-06T06:59:00Z", ["S"], null],
    ["S", "2026-01-06T05:00:00Z", ["S"], null],
    [
      "S",
      "2026-01-06T06:01:00Z",
      ["S"],
      'size S may take 1 h, 1.0 h of the "quick-win" window left',
    ],
    ["M", "2026-01-05T23:00:00Z", ["S"], 'the "quick-win" window takes sizes S, not M'],
    ["L", "2026-01-06T01:00:00Z", ["S", "M", "L"], null],
    ["L", "2026-01-06T01:01:00Z", ["S", "M", "L"], "size L may take 6 h, 6.0 h"],
    ["XL", "2026-01-05T23:00:00Z", ["S", "M", "L", "XL"], "size XL may take 12 h, 8.0 h"],
  ])("size %s at %s with sizes %j → %s", (size, now, sizes, expected) => {
    const reason = sizeRefusal(size, { window: { ...quickWin, sizes }, closesAt }, utc(now));
    const refusal = reason && describeSkip(reason);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toContain(expected);
    if (refusal) expect(refusal).toMatch(/^too big for the window: /);
  });
});
