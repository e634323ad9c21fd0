import { visibleMarkdown } from "../text/visible-markdown.js";

/**
 * Untrusted GitHub text → what a maintainer actually saw. Issue text reaches an agent that can
 * run code, so anything a reader would not see (comments, invisible characters, attribute text)
 * is removed, and the text cannot break out of the four-backtick fence the prompt puts around it.
 * The parsing lives in `text/visible-markdown.ts`; this name is the runner's.
 */
export function sanitizeUntrusted(text: string): string {
  return visibleMarkdown(text);
}
