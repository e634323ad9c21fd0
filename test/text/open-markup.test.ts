import { describe, expect, it } from "vitest";
import {
  openCommentIndex,
  openMarkupIndex,
  withoutClosedComments,
} from "../../src/text/open-markup.js";

describe("openMarkupIndex", () => {
  it.each([
    ["<div>text</div>", -1],
    ["a < b and 1<2", -1],
    ["<!-- closed --> after", -1],
    ["<!-- closed the HTML way --!>", -1],
    ["<!--> and <!---> are whole", -1],
    ["<span title='a > b'>x</span>", -1],
    ["<!doctype html><?php echo ?>", -1],
    ["ok <!-- open", 3],
    ["<div><span title='open", 5],
    ['<a href="x" title="still > open', 0],
    ["<div\n", 0],
    ["<!doctype", 0],
  ])("%j → %i", (html, index) => {
    expect(openMarkupIndex(html)).toBe(index);
  });
});

describe("openCommentIndex and withoutClosedComments", () => {
  it("looks only at comments: tags in text are shown as text", () => {
    expect(openCommentIndex("x <span title='")).toBe(-1);
    expect(openCommentIndex("a <!-- b --> c <!-- d")).toBe(15);
  });

  it("drops whole comments, in both closing forms", () => {
    expect(withoutClosedComments("a<!-- b -->c<!-- d --!>e<!-- f")).toBe("ace<!-- f");
  });
});
