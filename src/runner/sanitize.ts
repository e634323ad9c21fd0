/**
 * Untrusted GitHub text → what a maintainer actually saw. Issue text reaches an agent that can
 * run code, so anything a reader would not see (comments, invisible characters, attribute text)
 * is removed, and the text cannot break out of the fence the prompt puts around it.
 * After anthropics/claude-code-action `src/github/utils/sanitizer.ts`.
 */

// Format characters (zero-width, bidi controls, tags, soft hyphen, BOM), control characters except
// tab and newline, variation selectors and fillers that render as nothing.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\p{Cf}\p{Variation_Selector}\u0000-\u0008\u000b-\u001f\u007f-\u009f\u115f\u1160\u3164\uffa0]|\u034f/gu;
const LINE_SEPARATORS = /[\u2028\u2029]/g;
const NUMERIC_ENTITY = /&#(x[0-9a-f]+|[0-9]+);/gi;
// GitHub hides an unterminated comment to the end of the text, so we drop it to the end too.
const HTML_COMMENT = /<!--[\s\S]*?(?:--!?>|$)/g;
const HIDDEN_ELEMENT = /<([a-z][a-z0-9]*)\b[^>]*\shidden\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const TAG = /<[a-z][a-z0-9-]*\b[^>]*>/gi;
// Attributes whose text is never shown on the page (alt, tooltips, screen-reader text, data).
const HIDDEN_ATTRIBUTE =
  /\s(?:alt|title|aria-[\w-]+|data-[\w-]+|placeholder|style|hidden)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?/gi;
const DETAILS_TAG = /<\/?(?:details|summary)\b[^>]*>/gi;
const IMAGE_ALT = /!\[[^\]]*\]\(/g;
const LINK_TITLE = /(\]\([^)\s]*)\s+(?:"[^"]*"|'[^']*'|\([^)]*\))\s*\)/g;
const LONG_BACKTICKS = /`{4,}/g;

const INVISIBLE_CHAR = new RegExp(INVISIBLE.source, "u");

/** `&#8203;` renders as a zero-width space: drop entities of invisible characters, keep the rest. */
function dropInvisibleEntities(text: string): string {
  return text.replace(NUMERIC_ENTITY, (entity, code: string) => {
    const value =
      code[0] === "x" || code[0] === "X" ? parseInt(code.slice(1), 16) : parseInt(code, 10);
    return value > 0x10ffff || INVISIBLE_CHAR.test(String.fromCodePoint(value)) ? "" : entity;
  });
}

export function sanitizeUntrusted(text: string): string {
  let out = text.replace(/\r\n?/g, "\n").replace(LINE_SEPARATORS, "\n");
  out = dropInvisibleEntities(out);
  // Invisible characters go first: otherwise `<!-\u200b-` would hide a comment from the next step.
  out = out.replace(INVISIBLE, "");
  out = out.replace(HTML_COMMENT, "");
  out = out.replace(HIDDEN_ELEMENT, "");
  out = out.replace(TAG, (tag) => tag.replace(HIDDEN_ATTRIBUTE, ""));
  // <details> folds text away from a quick read: unwrap it so the text is plainly there.
  out = out.replace(DETAILS_TAG, "");
  out = out.replace(IMAGE_ALT, "![](").replace(LINK_TITLE, "$1)");
  // The prompt fences untrusted text with four backticks; three can open or close no such fence.
  out = out.replace(LONG_BACKTICKS, "```");
  return out.replace(/\n{3,}/g, "\n\n").trim();
}
