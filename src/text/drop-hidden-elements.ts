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

function dropHidden(parent: Parent): void {
  parent.children = parent.children.filter((child) => child.type !== "element" || !isHidden(child));
  for (const child of parent.children) {
    if ("children" in child) dropHidden(child);
  }
}

/**
 * A rehype transformer that removes hidden elements with their content: `<script>`, `<style>`,
 * `<template>`, `<noscript>`, the `hidden` attribute and inline `display:none`. It runs before
 * sanitising, which would strip the attributes and keep the text.
 */
export function dropHiddenElements() {
  return (tree: Root): void => {
    dropHidden(tree);
  };
}
