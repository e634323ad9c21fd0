import rehypeRaw from "rehype-raw";
import rehypeRemark from "rehype-remark";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { cutAtOpenMarkup } from "./cut-open-markup.js";
import { dropHiddenElements } from "./drop-hidden-elements.js";
import { withoutInvisible, withoutInvisibleSource } from "./invisible.js";

/**
 * Untrusted GitHub text → the Markdown of what a maintainer saw on the page. Issue text reaches an
 * agent that can run code, so nothing a reader would not see may reach it: comments, link
 * reference definitions, hidden elements, attribute text, invisible characters.
 * After anthropics/claude-code-action `src/github/utils/sanitizer.ts`, with a real parser.
 */

// GitHub's schema keeps attributes a reader never sees as text on the page (tooltips, alt text,
// screen-reader labels); they would come back as Markdown image alt text and link titles.
const UNSEEN_ATTRIBUTES = new Set([
  "alt",
  "title",
  "ariaDescribedBy",
  "ariaLabel",
  "ariaLabelledBy",
  "abbr",
  "label",
  "prompt",
  "summary",
]);

const SEEN_ONLY_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  attributes: Object.fromEntries(
    Object.entries(defaultSchema.attributes ?? {}).map(([tag, attributes]) => [
      tag,
      attributes.filter(
        (attribute) =>
          !UNSEEN_ATTRIBUTES.has(typeof attribute === "string" ? attribute : attribute[0]),
      ),
    ]),
  ),
};

// Built once: the prompt builder calls this for every issue, comment and CONTRIBUTING file.
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(cutAtOpenMarkup)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(dropHiddenElements)
  .use(rehypeSanitize, SEEN_ONLY_SCHEMA)
  // GitHub shows a line break inside a comment's paragraph as a line break: keep it.
  .use(rehypeRemark, { newlines: true })
  .use(remarkGfm)
  .use(remarkStringify, { bullet: "-" });

// The prompt fences untrusted text with four backticks; three can open or close no such fence.
const LONG_BACKTICKS = /`{4,}/g;

export function visibleMarkdown(text: string): string {
  const markdown = String(processor.processSync(withoutInvisibleSource(text)));
  // Named entities (`&ZeroWidthSpace;`) decode only in the pipeline.
  return withoutInvisible(markdown)
    .replace(LONG_BACKTICKS, "```")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
