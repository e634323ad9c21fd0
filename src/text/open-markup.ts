/**
 * Where HTML source leaves a parser inside a comment or a tag. GitHub renders Markdown to one
 * HTML string and parses it whole, so an HTML block that ends inside `<!--` (or inside a quoted
 * attribute) hides what follows it, even the next Markdown blocks.
 */

const COMMENT_CLOSE = /--!?>/g;
const LETTER = /[A-Za-z]/;

/** The index after the comment whose text starts at `from`, or undefined when it never ends. */
function commentEnd(html: string, from: number): number | undefined {
  // `<!-->` and `<!--->` are whole (empty) comments to an HTML parser.
  if (html.startsWith(">", from)) return from + 1;
  if (html.startsWith("->", from)) return from + 2;
  COMMENT_CLOSE.lastIndex = from;
  const close = COMMENT_CLOSE.exec(html);
  return close ? close.index + close[0].length : undefined;
}

/** The index after a tag's `>`, skipping `>` inside quoted attribute values; undefined when open. */
function tagEnd(html: string, from: number): number | undefined {
  let quote: string | undefined;
  let afterEquals = false;
  for (let at = from; at < html.length; at++) {
    const char = html.charAt(at);
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === ">") {
      return at + 1;
    } else if (afterEquals && (char === '"' || char === "'")) {
      quote = char;
      afterEquals = false;
    } else if (char === "=") {
      afterEquals = true;
    } else if (!/\s/.test(char)) {
      afterEquals = false;
    }
  }
  return undefined;
}

/** The index after the markup that starts with the `<` at `start`; undefined when it never ends. */
function markupEnd(html: string, start: number): number | undefined {
  if (html.startsWith("<!--", start)) return commentEnd(html, start + 4);
  const next = html.charAt(start + 1);
  const closing = next === "/";
  if (LETTER.test(closing ? html.charAt(start + 2) : next)) return tagEnd(html, start + 1);
  // `<!doctype`, `<?…`, `</1`: a bogus comment, up to the next `>`.
  if (next === "!" || next === "?" || closing) {
    const close = html.indexOf(">", start + 2);
    return close === -1 ? undefined : close + 1;
  }
  return start + 1;
}

/** Where an HTML fragment leaves a comment or a tag open at its end, or -1 when it does not. */
export function openMarkupIndex(html: string): number {
  for (let at = html.indexOf("<"); at !== -1;) {
    const end = markupEnd(html, at);
    if (end === undefined) return at;
    at = html.indexOf("<", end);
  }
  return -1;
}

/** Where plain text opens a comment it never closes, or -1 (tags in text are shown as text). */
export function openCommentIndex(text: string): number {
  for (let at = text.indexOf("<!--"); at !== -1;) {
    const end = commentEnd(text, at + 4);
    if (end === undefined) return at;
    at = text.indexOf("<!--", end);
  }
  return -1;
}

const CLOSED_COMMENT = /<!--(?:>|->|[\s\S]*?--!?>)/g;

/** Text without its whole comments (`<!-- … -->`, also the `--!>` form). */
export function withoutClosedComments(text: string): string {
  return text.replace(CLOSED_COMMENT, "");
}
