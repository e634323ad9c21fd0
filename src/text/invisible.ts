/**
 * Characters a reader cannot see. Untrusted text loses them before anything else reads it:
 * otherwise `<!-\u200b-` hides a comment from a parser, or `@\u200dname` reads as a mention
 * that is not one.
 */

// Format characters (zero-width, bidi controls, tags, soft hyphen, BOM), control characters except
// tab and newline, variation selectors and fillers that render as nothing.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\p{Cf}\p{Variation_Selector}\u0000-\u0008\u000b-\u001f\u007f-\u009f\u115f\u1160\u3164\uffa0]|\u034f/gu;
const ONE_INVISIBLE = new RegExp(INVISIBLE.source, "u");
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;
const NUMERIC_ENTITY = /&#(x[0-9a-f]+|[0-9]+);/gi;

/** `&#8203;` renders as a zero-width space: drops entities of invisible characters, keeps the rest. */
function withoutInvisibleEntities(text: string): string {
  return text.replace(NUMERIC_ENTITY, (entity, code: string) => {
    const value =
      code[0] === "x" || code[0] === "X" ? parseInt(code.slice(1), 16) : parseInt(code, 10);
    return value > 0x10ffff || ONE_INVISIBLE.test(String.fromCodePoint(value)) ? "" : entity;
  });
}

/** Drops invisible characters (not their entities: see `withoutInvisibleSource`). */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, "");
}

/**
 * Markdown or HTML source with `\n` line endings and no invisible characters, written out or
 * as numeric entities. Named entities (`&ZeroWidthSpace;`) decode later: drop those from the
 * decoded text with `withoutInvisible`.
 */
export function withoutInvisibleSource(text: string): string {
  return withoutInvisible(withoutInvisibleEntities(text.replace(LINE_BREAKS, "\n")));
}
