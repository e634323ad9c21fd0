/**
 * What stays of an issue title once the parts that change between repeats are gone: dates,
 * week and quarter numbers, versions, issue numbers and other digits. "Release v1.4.0 (2026-01-05)"
 * and "Release v1.5.0 (2026-02-02)" both become "release".
 */

const MONTHS =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
// "May" alone is a verb as often as a month: only a full month name stands alone.
const FULL_MONTHS =
  "january|february|march|april|june|july|august|september|october|november|december";

const CHANGING_PARTS: readonly RegExp[] = [
  /\b\d{4}-w\d{1,2}\b/gi, // ISO week: 2026-W02
  /\b\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?\b/g, // 2026-01-05, 2026/01
  /\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b/g, // 05/01/2026
  new RegExp(String.raw`\b(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b`, "gi"),
  new RegExp(String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:${MONTHS})\.?(?:,?\s+\d{4})?\b`, "gi"),
  new RegExp(String.raw`\b(?:${MONTHS})\.?\s+\d{4}\b`, "gi"),
  new RegExp(String.raw`\b(?:${FULL_MONTHS})\b`, "gi"),
  /\b(?:week|wk|w|q|sprint)\s*#?\d+\b/gi, // week 12, W12, Q3, sprint 4
  /\bv?\d+(?:\.\d+)+(?:-[\w.]+)?\b/gi, // 1.4.0, v2.0-rc.1
  /\bv\d+\b/gi, // v3
  /#?\d+(?:st|nd|rd|th)?\b/g, // #123, 42, 3rd
];

const withoutChangingParts = (title: string): string =>
  CHANGING_PARTS.reduce((text, pattern) => text.replace(pattern, " "), title);

/** The grouping key of a title: lowercase words, nothing that changes between repeats. */
export function titlePattern(title: string): string {
  return withoutChangingParts(title.normalize("NFKC"))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A title to show for the pattern: the original's case and words, the changing parts gone. */
export function displayTitle(title: string): string {
  return withoutChangingParts(title.normalize("NFKC"))
    .replace(/\(\s*\)|\[\s*\]/g, " ")
    .replace(/\s+([:,;.!?)\]])/g, "$1")
    .replace(/\s+/g, " ")
    .replace(/^[\s\-–—:,;.]+|[\s\-–—:,;(]+$/g, "")
    .trim();
}
