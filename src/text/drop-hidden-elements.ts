import type { Element, Parent, Root } from "hast";

// Elements whose content a browser never shows as text.
const UNSHOWN_TAGS = new Set(["script", "style", "template", "noscript"]);
const DISPLAY_NONE = /display\s*:\s*none/i;

function isHidden(element: Element): boolean {
  const { hidden, style } = element.properties;
  return (
    UNSHOWN_TAGS.has(element.tagName) ||
    (hidden !== undefined && hidden !== false) ||
    (style !== undefined && DISPLAY_NONE.test(style))
  );
}

/** What the agent reads where hidden content was: visible, so a removal can never flip a meaning. */
export const HIDDEN_MARKER = "(hidden content removed)";

function dropHidden(parent: Parent): void {
  parent.children = parent.children.map((child) =>
    child.type === "element" && isHidden(child)
      ? { type: "text" as const, value: HIDDEN_MARKER }
      : child,
  );
  for (const child of parent.children) {
    if ("children" in child) dropHidden(child);
  }
}

/**
 * A rehype transformer that replaces hidden elements and their content with a visible marker:
 * `<script>`, `<style>`, `<template>`, `<noscript>`, the `hidden` attribute and inline
 * `display:none`. It runs before sanitising, which would strip the attributes and keep the text.
 * The marker, not silence: whether GitHub shows such text to the approver varies by element, and
 * "Do <span hidden>not</span> run it" must not reach the agent as "Do run it".
 */
export function dropHiddenElements() {
  return (tree: Root): void => {
    dropHidden(tree);
  };
}
