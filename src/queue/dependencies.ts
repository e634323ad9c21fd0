import { proseLines } from "../text/markdown-lines.js";
import type { RepoRef } from "../types.js";

/** An issue another one waits for: in the same repository, or `owner/repo#N`. */
export interface IssueKey extends RepoRef {
  number: number;
}

export const issueKey = (key: IssueKey): string =>
  `${key.owner}/${key.repo}#${key.number}`.toLowerCase();

const LINE = /^(?:[-*+]\s+)?(?:depends\s+on|blocked\s+by)\s*:?\s+(.+)$/i;
const OWNER = "[A-Za-z0-9][A-Za-z0-9-]{0,38}";
const REPO = "[A-Za-z0-9._-]{1,100}";
const SHORT = new RegExp(`^(?:(${OWNER})\\/(${REPO}))?#(\\d{1,9})$`);
/** An issue or pull request page on any GitHub host (github.com or Enterprise). */
const URL_FORM = new RegExp(
  `^https?:\\/\\/[^/\\s]+\\/(${OWNER})\\/(${REPO})\\/(?:issues|pull)\\/(\\d{1,9})(?:[/?#]\\S*)?$`,
);

/** A token as written, less Markdown link syntax and trailing punctuation. */
function bare(token: string): string {
  const text = token.replace(/[.;:]+$/, "");
  const link = /^\[[^\]]*\]\((\S+)\)$/.exec(text);
  return link?.[1] ?? text.replace(/^<(.*)>$/, "$1").replace(/\)+$/, "");
}

/** One written reference as an issue key, or null when the token is not a reference. */
export function parseReference(token: string, home: RepoRef): IssueKey | null {
  const text = bare(token);
  const match = SHORT.exec(text) ?? URL_FORM.exec(text);
  if (!match?.[3]) return null;
  const number = Number(match[3]);
  if (number <= 0) return null;
  return { owner: match[1] ?? home.owner, repo: match[2] ?? home.repo, number };
}

/**
 * The issues a body says this one waits for: lines starting `depends on` or `blocked by`
 * (optionally a list item), followed by references separated by commas, spaces or "and":
 * `#N`, `owner/repo#N`, or an issue or pull request URL (also as a Markdown link). Lines in
 * code blocks and quotes do not count. A reference to the issue itself is kept: planning
 * reports it as a cycle rather than silently dropping it.
 */
export function parseDependencies(body: string, self: IssueKey): IssueKey[] {
  const found = new Map<string, IssueKey>();
  for (const line of proseLines(body)) {
    const match = LINE.exec(line);
    if (!match?.[1]) continue;
    for (const token of match[1].split(/[\s,]+|\band\b/i)) {
      const key = token === "" ? null : parseReference(token, self);
      if (key) found.set(issueKey(key), key);
    }
  }
  return [...found.values()];
}

/**
 * The nodes that lie on a dependency cycle, each with its cycle's members (Tarjan's strongly
 * connected components: a component of two or more nodes is a cycle, and so is a node that
 * waits for itself). `edges` maps a node to the nodes it waits for.
 */
export function nodesOnCycles(
  edges: ReadonlyMap<string, readonly string[]>,
): Map<string, string[]> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const onCycle = new Map<string, string[]>();
  let counter = 0;

  // Iterative, so a long chain of dependencies cannot overflow the call stack.
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const targets = edges.get(frame.node) ?? [];
      const target = targets[frame.next++];
      if (target !== undefined) {
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
        onStack.delete(node);
        component.push(node);
        if (node === frame.node) break;
      }
      const selfLoop = (edges.get(frame.node) ?? []).includes(frame.node);
      if (component.length > 1 || selfLoop) {
        const members = component.sort();
        for (const node of members) onCycle.set(node, members);
      }
    }
  }
  return onCycle;
}
