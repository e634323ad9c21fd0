import type { PhrasingContent } from "mdast";

/**
 * Plain text as GitHub would not act on it. In text GitHub turns `@name` and `@org/team` into
 * notifications, `#12`, `owner/repo#12` and `GH-12` into references (after "Fixes" they close
 * the issue; anywhere they write a cross-reference into the timeline) and URLs into
 * links. Each is put in a code span, where GitHub links nothing. A zero-width joiner after `#`
 * or `@` would do the same invisibly; a code span shows the reader that the words were defused,
 * copies intact, and does not depend on GitHub's reference patterns ignoring format characters.
 * Every reference goes, not only those after a closing keyword: GitHub's keyword rules (lists,
 * colons, markup between keyword and number) are not worth betting an issue's state on.
 */
const MENTION = String.raw`@[\w-]+(?:\/[\w.-]+)?`;
const REFERENCE = String.raw`(?:[\w.-]+\/[\w.-]+)?#\d+|\bGH-\d+`;
// What the Markdown parser did not autolink may still look like a link to GitHub's autolinker.
const URL_LIKE = String.raw`(?:https?:\/\/|www\.)[^\s<>]*`;

const LIVE = new RegExp(`${URL_LIKE}|${REFERENCE}|${MENTION}`, "gi");
const LIVE_EXCEPT_URLS = new RegExp(`${REFERENCE}|${MENTION}`, "gi");

/**
 * `value` as text and code spans. Inside a link GitHub autolinks nothing, so `urls: false`
 * keeps a link's own URL text readable.
 */
export function inertPhrasing(value: string, options: { urls: boolean }): PhrasingContent[] {
  const nodes: PhrasingContent[] = [];
  let done = 0;
  for (const match of value.matchAll(options.urls ? LIVE : LIVE_EXCEPT_URLS)) {
    if (match.index > done) nodes.push({ type: "text", value: value.slice(done, match.index) });
    nodes.push({ type: "inlineCode", value: match[0] });
    done = match.index + match[0].length;
  }
  if (done < value.length) nodes.push({ type: "text", value: value.slice(done) });
  return nodes;
}
