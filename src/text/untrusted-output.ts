import type { Root } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { defuseMarkdown, inertCode } from "./defuse-markdown.js";
import { withoutInvisibleSource } from "./invisible.js";

/**
 * Agent output (its summary, a gate's log) as Markdown the bot can post. The agent is steerable
 * by whoever wrote the issue, so its words are shown, folded, and made inert: no mentions, no
 * live issue references (which could close issues), no images, no links away from the
 * repository, no raw HTML (which could close the fold or fake the bot's hidden marker), no
 * credentials.
 */

export interface AgentTextOptions {
  repo: { owner: string; repo: string };
  /** The GitHub server's web address; links elsewhere are shown as text. */
  serverUrl?: string;
}

export interface QuoteOptions {
  /** The fold's always-visible line: trusted HTML written by the bot, not by the agent. */
  summary?: string;
}

const GITHUB = "https://github.com";

// Built once: parse and stringify only, the tree is rewritten in between.
const markdown = unified().use(remarkParse).use(remarkGfm).use(remarkStringify, { bullet: "-" });

function stringify(tree: Root): string {
  return markdown.stringify(tree).trim();
}

/** The agent's Markdown, inert (see the file's comment); "" when it wrote nothing. */
export function neutralizeAgentText(text: string, options: AgentTextOptions): string {
  const tree = markdown.parse(withoutInvisibleSource(text));
  defuseMarkdown(tree, { repo: options.repo, serverUrl: options.serverUrl ?? GITHUB });
  return stringify(tree);
}

/** Log output as one fenced code block (where GitHub links nothing), credentials redacted. */
export function neutralizeAgentLog(text: string): string {
  const value = inertCode(withoutInvisibleSource(text)).replace(/\n+$/, "");
  return stringify({ type: "root", children: [{ type: "code", lang: null, value }] });
}

function folded(summary: string, body: string): string {
  // The blank lines let GitHub read the body as Markdown; nothing in it can close the fold.
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** The agent's words in a collapsed `<details>` block. */
export function quoteAgentOutput(text: string, options: AgentTextOptions & QuoteOptions): string {
  return folded(
    options.summary ?? "What the agent wrote (links, mentions and references disabled)",
    neutralizeAgentText(text, options),
  );
}

/** A log (such as a failed gate's output) in a collapsed `<details>` block. */
export function quoteAgentLog(text: string, options: QuoteOptions = {}): string {
  return folded(options.summary ?? "Output", neutralizeAgentLog(text));
}
