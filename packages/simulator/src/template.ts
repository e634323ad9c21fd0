/**
 * Path templates like `/repos/{owner}/{repo}/contents/{path}`, matched against a request path
 * split into decoded segments. A template's last parameter may also swallow several raw
 * segments (`git/ref/heads/main`) when it names a path, ref or branch, as GitHub accepts
 * unencoded slashes there; an exact match always wins.
 */

/** Parameters whose values may contain slashes. */
const SLASHED_PARAMS = new Set(["path", "ref", "branch", "basehead"]);

type Part = { literal: string } | { param: string };

export interface Template {
  source: string;
  parts: Part[];
  literals: number;
}

export function compileTemplate(source: string): Template {
  const parts: Part[] = source
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1];
      return param ? { param } : { literal: segment };
    });
  return { source, parts, literals: parts.filter((p) => "literal" in p).length };
}

/** Splits a raw path into decoded segments; null when the encoding is broken. */
export function splitPath(rawPath: string): string[] | null {
  try {
    return rawPath.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return null;
  }
}

export interface TemplateMatch {
  params: Record<string, string>;
  /** True when the last parameter took several segments. */
  greedy: boolean;
}

export function matchTemplate(
  template: Template,
  segments: readonly string[],
): TemplateMatch | null {
  const { parts } = template;
  const last = parts.at(-1);
  const greedyAllowed =
    last !== undefined &&
    "param" in last &&
    SLASHED_PARAMS.has(last.param) &&
    segments.length > parts.length;
  if (segments.length !== parts.length && !greedyAllowed) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const isLast = i === parts.length - 1;
    const value = isLast && greedyAllowed ? segments.slice(i).join("/") : segments[i];
    if (part === undefined || value === undefined || value === "") return null;
    if ("literal" in part) {
      if (part.literal !== value) return null;
    } else {
      params[part.param] = value;
    }
  }
  return { params, greedy: greedyAllowed };
}

/** The best match among templates: exact before greedy, then the most literal segments. */
export function bestMatch<T extends { template: Template }>(
  candidates: readonly T[],
  segments: readonly string[],
): { item: T; params: Record<string, string> } | null {
  let best: { item: T; params: Record<string, string>; score: number } | null = null;
  for (const item of candidates) {
    const match = matchTemplate(item.template, segments);
    if (!match) continue;
    const score = (match.greedy ? 0 : 1000) + item.template.literals;
    if (!best || score > best.score) best = { item, params: match.params, score };
  }
  return best && { item: best.item, params: best.params };
}
