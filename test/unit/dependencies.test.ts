import { describe, expect, it } from "vitest";
import { nodesOnCycles, parseDependencies } from "../../src/queue/dependencies.js";

const self = { owner: "acme", repo: "calc", number: 9 };
const refs = (body: string) =>
  parseDependencies(body, self).map((k) => `${k.owner}/${k.repo}#${k.number}`);

describe("parseDependencies", () => {
  it.each([
    { body: "depends on #12", expected: ["acme/calc#12"] },
    { body: "Blocked by #3", expected: ["acme/calc#3"] },
    { body: "blocked by: #3, #4 and #5.", expected: ["acme/calc#3", "acme/calc#4", "acme/calc#5"] },
    { body: "- depends on acme/lib#7", expected: ["acme/lib#7"] },
    { body: "Fix it.\n\nDepends on #2\nBlocked by #2", expected: ["acme/calc#2"] },
    { body: "depends on #9", expected: ["acme/calc#9"] },
    { body: "this depends on #12", expected: [] },
    { body: "> depends on #12", expected: [] },
    { body: "```\ndepends on #12\n```", expected: [] },
    { body: "depends on issue 12", expected: [] },
    { body: "depends on #0", expected: [] },
    { body: "depends on https://github.com/acme/calc/issues/3", expected: ["acme/calc#3"] },
    { body: "depends on https://github.com/acme/lib/issues/2", expected: ["acme/lib#2"] },
    { body: "Blocked by http://ghe.example/acme/lib/pull/8/files", expected: ["acme/lib#8"] },
    {
      body: "depends on https://github.com/acme/lib/issues/2#issuecomment-1, <https://github.com/a/b/issues/4>",
      expected: ["acme/lib#2", "a/b#4"],
    },
    { body: "depends on [#2](https://github.com/acme/lib/issues/2).", expected: ["acme/lib#2"] },
    { body: "depends on https://github.com/acme/lib/blob/main/x.md", expected: [] },
    { body: "depends on https://github.com/acme/issues/2", expected: [] },
    { body: "depends on acme/calc#9 and acme/lib#1", expected: ["acme/calc#9", "acme/lib#1"] },
    { body: "", expected: [] },
  ])("$body", ({ body, expected }) => {
    expect(refs(body)).toEqual(expected);
  });
});

describe("nodesOnCycles", () => {
  it.each([
    { edges: { a: ["b"], b: [] }, expected: {} },
    { edges: { a: ["b"], b: ["a"] }, expected: { a: ["a", "b"], b: ["a", "b"] } },
    {
      edges: { a: ["b"], b: ["c"], c: ["a"], d: ["a"] },
      expected: { a: ["a", "b", "c"], b: ["a", "b", "c"], c: ["a", "b", "c"] },
    },
    { edges: { a: ["x"], b: ["a"] }, expected: {} },
    { edges: { a: ["a"], b: ["a"] }, expected: { a: ["a"] } },
  ])("$edges", ({ edges, expected }) => {
    const map = new Map(Object.entries(edges) as [string, string[]][]);
    expect(Object.fromEntries(nodesOnCycles(map))).toEqual(expected);
  });

  it("handles a chain of 100 000 issues without overflowing the stack", () => {
    const map = new Map<string, string[]>();
    for (let i = 0; i < 100_000; i++) map.set(`n${i}`, [`n${i + 1}`]);
    expect(nodesOnCycles(map).size).toBe(0);
  });
});
