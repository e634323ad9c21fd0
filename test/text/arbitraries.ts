import fc from "fast-check";

/** Pieces of Markdown and HTML that matter to the sanitisers, hostile ones first. */
const FRAGMENTS = [
  "<!--",
  "-->",
  "--!>",
  "[//]: # (",
  "[x]: https://evil.example",
  "<script>",
  "</script>",
  "<style>",
  "<div hidden>",
  "<details>",
  "</details>",
  "<summary>",
  '<span title="',
  "'",
  '"',
  ">",
  "<",
  "@",
  "@alice",
  "@acme/team",
  "Fixes #",
  "closes: ",
  "#12",
  "GH-",
  "acme/calc#3",
  "https://github.com/acme/calc/issues/",
  "https://evil.example/x",
  "www.",
  "`",
  "```",
  "~~~",
  "![",
  "[^",
  "](",
  "<https://",
  "mailto:",
  "]: ",
  ")",
  "[",
  "]",
  "*",
  "_",
  "|",
  "- ",
  "> ",
  "    ",
  "\n",
  "\n\n",
  "\r\n",
  "&#8203;",
  "&lt;",
  "&ZeroWidthSpace;",
  "\u200b",
  "\u202e",
  " ",
];

/** Markdown-ish text: fragments mixed with arbitrary (including astral) strings. */
export const markdownish = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: "binary", maxLength: 8 })), {
    maxLength: 40,
  })
  .map((parts) => parts.join(""));

/** Any string of any code points, lone surrogates included. */
export const anyText = fc.string({ unit: "binary", maxLength: 200 });
