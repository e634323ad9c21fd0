import type {
  Link,
  LinkReference,
  Nodes,
  Paragraph,
  Parent,
  PhrasingContent,
  Root,
  RootContent,
} from "mdast";
import { hasCredential, redactCredentials } from "./credentials.js";
import { inertPhrasing } from "./inert-phrasing.js";
import { withoutInvisible } from "./invisible.js";
import { repositoryLink, type RepositoryHome } from "./repository-links.js";

/**
 * A Markdown tree of agent output made safe to post: nothing in it can notify, reference, link
 * away, show an image, hide text, or fake the bot's own markup. The rules, node by node, are in
 * `defuseNode`; text-level rules (mentions, references) in `inert-phrasing.ts`.
 */

interface Scope {
  home: RepositoryHome;
  /** Link reference definitions, by identifier: their URL. */
  definitions: Map<string, string>;
  /** Footnote identifiers, renumbered: a label is free text GitHub never shows. */
  footnotes: Map<string, string>;
  /** Inside a link that stays a link, where GitHub autolinks nothing. */
  inLink: boolean;
}

// Containers whose children are blocks: raw HTML there becomes a paragraph of text.
const BLOCK_PARENTS = new Set(["root", "blockquote", "listItem", "footnoteDefinition"]);
// Blocks whose text a reader sees as one run, where a credential split by markup shows whole.
const TEXT_BLOCKS = new Set(["paragraph", "heading", "tableCell"]);
const CODE_LANGUAGE = /^[\w+#.-]{1,30}$/;
const AUTOLINK_PREFIXES = ["", "mailto:", "http://"];

/**
 * Code is shown verbatim, so only two things change: credentials, and `<!--`, which gets a
 * zero-width space: rendered it is harmless, but the bot finds its own marker by searching the
 * raw body for `<!-- nightshift:`, and agent output must never contain that string.
 */
export function inertCode(value: string): string {
  return redactCredentials(withoutInvisible(value)).replaceAll("<!--", "<!-\u200b-");
}

function plainText(node: Nodes): string {
  if (node.type === "text" || node.type === "inlineCode") return node.value;
  return "children" in node ? node.children.map(plainText).join("") : "";
}

/** Text standing in for a node: a paragraph where a block must stand, defused like any text. */
function textIn(parent: Parent, value: string, scope: Scope): RootContent[] {
  const text = { type: "text", value } as const;
  if (!BLOCK_PARENTS.has(parent.type)) return defuseNode(text, parent, scope);
  const paragraph: Paragraph = { type: "paragraph", children: [text] };
  defuseChildren(paragraph, scope);
  return [paragraph];
}

function footnoteId(scope: Scope, identifier: string): string {
  const known = scope.footnotes.get(identifier);
  if (known !== undefined) return known;
  const id = String(scope.footnotes.size + 1);
  scope.footnotes.set(identifier, id);
  return id;
}

/** A link stays a link only into the repository (see repository-links.ts); else text and URL. */
function defuseLink(link: Link | LinkReference, scope: Scope): PhrasingContent[] {
  const url = link.type === "link" ? link.url : (scope.definitions.get(link.identifier) ?? "");
  const kept = hasCredential(url) ? undefined : repositoryLink(url, scope.home);
  defuseChildren(link, { ...scope, inLink: kept !== undefined });
  if (kept !== undefined) {
    // Titles are tooltips: text a reviewer would not see.
    return [{ type: "link", url: kept, title: null, children: link.children }];
  }
  if (url === "") return link.children;
  // An autolink (`https://…`, `www.…`, an email address) is its own label: show it once.
  const label = plainText(link);
  if (AUTOLINK_PREFIXES.some((prefix) => prefix + label === url)) {
    return [{ type: "inlineCode", value: inertCode(label) }];
  }
  const shownUrl = { type: "inlineCode", value: inertCode(url) } as const;
  return [...link.children, { type: "text", value: " (" }, shownUrl, { type: "text", value: ")" }];
}

function defuseNode(node: RootContent, parent: Parent, scope: Scope): RootContent[] {
  switch (node.type) {
    case "definition":
      return [];
    case "html":
      // Shown as the text it is (escaped later), so nothing in it can hide or close anything.
      return textIn(parent, node.value, scope);
    case "image":
    case "imageReference":
      return textIn(parent, node.alt ? `[image: ${node.alt}]` : "[image]", scope);
    case "link":
    case "linkReference":
      return defuseLink(node, scope);
    case "code": {
      const { lang } = node;
      const shownLang = lang && CODE_LANGUAGE.test(lang) && !hasCredential(lang) ? lang : null;
      return [{ ...node, lang: shownLang, meta: null, value: inertCode(node.value) }];
    }
    case "inlineCode":
      return [{ ...node, value: inertCode(node.value) }];
    case "text":
      return [{ ...node, value: redactCredentials(withoutInvisible(node.value)) }];
    case "footnoteReference": {
      const id = footnoteId(scope, node.identifier);
      return [{ ...node, identifier: id, label: id }];
    }
    case "footnoteDefinition": {
      const id = footnoteId(scope, node.identifier);
      defuseChildren(node, scope);
      return [{ ...node, identifier: id, label: id }];
    }
    default:
      if ("children" in node) defuseChildren(node, scope);
      return [node];
  }
}

/** Adjacent text joined, so `#` and `12` left side by side read as the `#12` they render as. */
function joinedTexts(nodes: RootContent[]): RootContent[] {
  const joined: RootContent[] = [];
  for (const node of nodes) {
    const last = joined[joined.length - 1];
    if (node.type === "text" && last?.type === "text") last.value += node.value;
    else joined.push(node.type === "text" ? { ...node } : node);
  }
  return joined;
}

function defuseChildren(parent: Parent, scope: Scope): void {
  let children = parent.children.flatMap((child) => defuseNode(child, parent, scope));
  if (TEXT_BLOCKS.has(parent.type)) {
    const shown = children.map(plainText).join("");
    if (hasCredential(shown)) children = [{ type: "text", value: redactCredentials(shown) }];
  }
  parent.children = joinedTexts(children).flatMap((child): RootContent[] =>
    child.type === "text"
      ? inertPhrasing(redactCredentials(child.value), { urls: !scope.inLink })
      : [child],
  );
}

/** `<` in text as `&lt;`: no tag, comment or `</details>` can come out of the agent's words. */
function escapeAngles(parent: Parent): void {
  parent.children = parent.children.flatMap((child): RootContent[] => {
    if ("children" in child) escapeAngles(child);
    if (child.type !== "text" || !child.value.includes("<")) return [child];
    return child.value
      .split("<")
      .flatMap((part, index): RootContent[] => [
        ...(index > 0 ? [{ type: "html", value: "&lt;" } as const] : []),
        ...(part === "" ? [] : [{ type: "text", value: part } as const]),
      ]);
  });
}

function collectDefinitions(parent: Parent, into: Map<string, string>): Map<string, string> {
  for (const child of parent.children) {
    if (child.type === "definition" && !into.has(child.identifier)) {
      into.set(child.identifier, child.url);
    }
    if ("children" in child) collectDefinitions(child, into);
  }
  return into;
}

/** Rewrites `tree` in place (see the file's comment). */
export function defuseMarkdown(tree: Root, home: RepositoryHome): void {
  const definitions = collectDefinitions(tree, new Map());
  defuseChildren(tree, { home, definitions, footnotes: new Map(), inLink: false });
  escapeAngles(tree);
}
