const PREFIX = "nightshift/";
const MAX_LENGTH = 60;

/** A title as `[a-z0-9-]`: accents folded to ASCII, everything else collapsed to single dashes. */
function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** At most `max` characters, cut at a word boundary when there is one. */
function shorten(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const lastDash = cut.lastIndexOf("-");
  return (slug[max] === "-" || lastDash <= 0 ? cut : cut.slice(0, lastDash)).replace(/-+$/, "");
}

/** `nightshift/<issue>-`: what every branch of one issue starts with, whatever its title became. */
export function branchPrefix(issue: number): string {
  if (!Number.isSafeInteger(issue) || issue <= 0) {
    throw new Error(`invalid issue number: ${String(issue)}`);
  }
  return `${PREFIX}${issue}-`;
}

/**
 * `nightshift/<issue>-<slug>`, at most 60 characters, `[a-z0-9-]` after the prefix: a valid
 * `git check-ref-format --branch` name whatever the title holds. A title with nothing usable
 * gives `nightshift/<issue>-issue`, so every branch has the same shape.
 */
export function branchName(issue: number, title: string): string {
  const head = branchPrefix(issue);
  const room = Math.max(0, MAX_LENGTH - head.length);
  const slug = shorten(slugify(title), room);
  return `${head}${slug === "" ? "issue" : slug}`;
}
