/** A title as `[a-z0-9-]`, at most `max` characters: accents folded, the rest collapsed to dashes. */
export function slugOf(title: string, max = 40): string {
  return title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, max)
    .replace(/^-+|-+$/g, "");
}
