import { describe, expect, it } from "vitest";
import { parseCommands } from "../../src/approval/commands.js";

describe("parseCommands", () => {
  it.each([
    { body: "/approve", expected: ["approve"] },
    { body: "  /approve  ", expected: ["approve"] },
    { body: "Looks good.\n/approve", expected: ["approve"] },
    { body: "/APPROVE", expected: ["approve"] },
    { body: "/approve cancel", expected: ["approve-cancel"] },
    { body: "/approve   cancel", expected: ["approve-cancel"] },
    { body: "/hold\n/unhold\n/retry", expected: ["hold", "unhold", "retry"] },
    { body: "please /approve", expected: [] },
    { body: "/approve because it is fine", expected: [] },
    { body: "/approved", expected: [] },
    { body: "> /approve", expected: [] },
    { body: ">/approve", expected: [] },
    { body: "```\n/approve\n```", expected: [] },
    { body: "~~~\n/approve\n~~~\n/hold", expected: ["hold"] },
    { body: "````\n```\n/approve\n````", expected: [] },
    { body: "    /approve", expected: [] },
    { body: "`/approve`", expected: [] },
    { body: "/approve\r\n/hold", expected: ["approve", "hold"] },
    { body: "", expected: [] },
  ])("$body", ({ body, expected }) => {
    expect(parseCommands(body).map((c) => c.name)).toEqual(expected);
  });
});
