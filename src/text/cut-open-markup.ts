import type { Parent, Root } from "mdast";
import { openCommentIndex, openMarkupIndex, withoutClosedComments } from "./open-markup.js";

/**
 * Cuts a Markdown tree where it stops being visible on GitHub: at an HTML block that ends inside
 * a comment or a tag (GitHub's HTML parser swallows everything after it), and at a comment in
 * plain text that is never closed. Whole comments in plain text go too. The cut is conservative:
 * an agent may see less than the approver, never more.
 */
function cutChildren(parent: Parent): boolean {
  for (const [index, child] of parent.children.entries()) {
    let cut = false;
    if (child.type === "html") {
      const open = openMarkupIndex(child.value);
      cut = open !== -1;
      if (cut) child.value = child.value.slice(0, open);
    } else if (child.type === "text") {
      child.value = withoutClosedComments(child.value);
      const open = openCommentIndex(child.value);
      cut = open !== -1;
      if (cut) child.value = child.value.slice(0, open);
    } else if ("children" in child) {
      cut = cutChildren(child);
    }
    if (cut) {
      parent.children.length = index + 1;
      return true;
    }
  }
  return false;
}

/** A remark transformer: see `cutChildren`. */
export function cutAtOpenMarkup() {
  return (tree: Root): void => {
    cutChildren(tree);
  };
}
