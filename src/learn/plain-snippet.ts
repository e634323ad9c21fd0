import { inertPhrasing } from "../text/inert-phrasing.js";
import { proseLines } from "../text/markdown-lines.js";
import { visibleMarkdown } from "../text/visible-markdown.js";

/**
 * Untrusted issue text shortened to plain words the bot can post in a list: no markup, no
 * brackets or angle brackets (so no checkbox, link or hidden marker), and mentions, issue
 * references and URLs in code spans, where GitHub acts on none of them.
 */

const LIST_ITEM = /^(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/;

function plainWords(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\\(.)/g, "$1")
    .replace(/<((?:https?|mailto):[^>\s]*)>/gi, "$1")
    .replace(/<\/?[a-z][^>]*>/gi, " ")
    .replace(/^#{1,6}\s+/, "")
    .replace(/[`*_~<>[\]|]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** At most `max` characters, cut at a word boundary, with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  const atBoundary = text[max - 1] === " " || space <= max / 2;
  return `${(atBoundary ? cut : cut.slice(0, space)).trimEnd()}…`;
}

/** Plain words made inert: what GitHub would link or notify goes in a code span. */
export function inertWords(text: string): string {
  return inertPhrasing(text, { urls: true })
    .map((node) =>
      node.type === "inlineCode" ? `\`${node.value}\`` : "value" in node ? node.value : "",
    )
    .join("");
}

/** One line of untrusted text (a title), plain, inert and at most `max` characters. */
export const plainLine = (text: string, max = 100): string =>
  inertWords(shorten(plainWords(text), max));

/**
 * A short breakdown of an issue body as a reader sees it: its first list items, else its first
 * sentences, each plain, inert and at most `maxChars` long.
 */
export function breakdown(
  body: string,
  options: { items?: number; maxChars?: number } = {},
): string[] {
  const items = options.items ?? 3;
  const maxChars = options.maxChars ?? 80;
  const lines = proseLines(visibleMarkdown(body));
  const listed = lines.flatMap((line) => LIST_ITEM.exec(line)?.slice(1, 2) ?? []);
  const picked =
    listed.length > 0
      ? listed
      : lines
          .filter((line) => line !== "")
          .join(" ")
          .split(/(?<=[.!?])\s+/);
  return picked
    .map(plainWords)
    .filter((text) => text !== "")
    .slice(0, items)
    .map((text) => inertWords(shorten(text, maxChars)));
}
