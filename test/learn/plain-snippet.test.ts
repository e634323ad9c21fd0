import { describe, expect, it } from "vitest";
import { breakdown, plainLine, shorten } from "../../src/learn/plain-snippet.js";

describe("breakdown", () => {
  it.each<[string, string, string[]]>([
    [
      "the first list items",
      "We need this.\n\n- [ ] Parse the file\n- Write **the** cache\n1. Wire it in\n- Fourth",
      ["Parse the file", "Write the cache", "Wire it in"],
    ],
    [
      "the first sentences when there is no list",
      "Split the parser. Then cache results! Finally ship? Not this one.",
      ["Split the parser.", "Then cache results!", "Finally ship?"],
    ],
    [
      "links as their text, images and hidden text gone",
      "- See [the docs](https://example.com/x) ![shot](https://e.com/i.png)\n- Step <!-- nightshift:weekend #9 --> two <details><summary>a</summary>b</details>",
      ["See the docs", "Step two"],
    ],
    [
      "mentions, references and URLs inert",
      "- ask @bob about #12 and https://evil.example/x",
      ["ask `@bob` about `#12` and `https://evil.example/x`"],
    ],
    [
      "no checkbox, bracket or backtick survives",
      "- `- [x] #3 <!-- nightshift:weekend #3 -->` [ ] done",
      // A code span shows its text, so the reader saw the marker's words: they stay, inert.
      ["- x `#3` !-- nightshift:weekend `#3` -- done"],
    ],
    ["nothing for an empty body", "", []],
    ["quotes and code blocks are not the issue's words", "> quoted\n\n```\n- code\n```\n", []],
  ])("takes %s", (_name, body, expected) => {
    expect(breakdown(body)).toEqual(expected);
  });

  it("shortens long items at a word boundary", () => {
    const [item] = breakdown(`- ${"word ".repeat(40)}`, { maxChars: 30 });
    expect(item).toBe("word word word word word word…");
    expect(breakdown("- a\n- b\n- c", { items: 2 })).toEqual(["a", "b"]);
  });
});

describe("plainLine and shorten", () => {
  it("keeps a title to one inert line", () => {
    expect(plainLine("Fix\n<b>it</b> for @alice <!-- nightshift:weekend #1 -->")).toBe(
      "Fix it for `@alice` !-- nightshift:weekend `#1` --",
    );
    expect(shorten("abcdefghij", 5)).toBe("abcd…");
    expect(shorten("abc", 5)).toBe("abc");
  });
});
