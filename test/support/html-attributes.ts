/**
 * The attributes of the first start tag named `tag` in `html`, read the way a browser's HTML
 * tokenizer reads them (WHATWG "before attribute value" and the three value states): a
 * single-quoted value ends at the next `'`, a double-quoted one at the next `"`, an unquoted one
 * at whitespace or `>`; character references are decoded. Only the references a server is
 * likely to write are known (named: amp, lt, gt, quot, apos, nbsp; any numeric one).
 */
export function startTagAttributes(
  html: string,
  tag: string,
  where?: (attrs: Map<string, string>) => boolean,
): Map<string, string> | null {
  const open = new RegExp(`<${tag}(?=[\\s/>])`, "gi");
  for (let match = open.exec(html); match; match = open.exec(html)) {
    const attrs = readAttributes(html, match.index + match[0].length);
    if (!where || where(attrs)) return attrs;
  }
  return null;
}

const isSpace = (c: string | undefined) =>
  c === " " || c === "\t" || c === "\n" || c === "\f" || c === "\r";

function readAttributes(html: string, from: number): Map<string, string> {
  const attrs = new Map<string, string>();
  let i = from;
  const skipSpace = () => {
    while (isSpace(html[i])) i++;
  };
  for (;;) {
    skipSpace();
    const c = html[i];
    if (c === undefined || c === ">") return attrs;
    if (c === "/") {
      i++;
      continue;
    }
    let name = "";
    // The first character may be `=`; after that, a name ends at space, `/`, `>` or `=`.
    do {
      name += (html[i] ?? "").toLowerCase();
      i++;
    } while (i < html.length && !isSpace(html[i]) && !["/", ">", "="].includes(html[i] ?? ""));
    skipSpace();
    let value = "";
    if (html[i] === "=") {
      i++;
      skipSpace();
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const end = html.indexOf(quote, i + 1);
        value = html.slice(i + 1, end === -1 ? html.length : end);
        i = end === -1 ? html.length : end + 1;
      } else {
        const start = i;
        while (i < html.length && !isSpace(html[i]) && html[i] !== ">") i++;
        value = html.slice(start, i);
      }
    }
    // The first of two attributes with one name wins.
    if (!attrs.has(name)) attrs.set(name, decodeReferences(value));
  }
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

function decodeReferences(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith("#x") || ref.startsWith("#X"))
      return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(Number(ref.slice(1)));
    return NAMED[ref] ?? whole;
  });
}
