import { proseLines } from "../text/markdown-lines.js";
import type { RepoRef } from "../types.js";

/** An issue another one waits for: in the same repository, or `owner/repo#N`. */
export interface IssueKey extends RepoRef {
  number: number;
}

export const issueKey = (key: IssueKey): string =>
  `${key.owner}/${key.repo}#${key.number}`.toLowerCase();

const LINE = /^(?:[-*+]\s+)?(?:depends\s+on|blocked\s+by)\s*:?\s+(.+)$/i;
const REF = /^(?:([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100}))?#(\d{1,9})$/;

/**
 * The issues a body says this one waits for: lines starting `depends on` or `blocked by`
 * (optionally a list item), followed by `#N` or `owner/repo#N` references separated by commas,
 * spaces or "and". Lines in code blocks and quotes do not count; neither does a self-reference.
 */
export function parseDependencies(body: string, self: IssueKey): IssueKey[] {
  const found = new Map<string, IssueKey>();
  for (const line of proseLines(body)) {
    const match = LINE.exec(line);
    if (!match?.[1]) continue;
    for (const token of match[1].split(/[\s,]+|\band\b/i)) {
      const ref = REF.exec(token.replace(/[.;:]+$/, ""));
      if (!ref?.[3]) continue;
      const key: IssueKey = {
        owner: ref[1] ?? self.owner,
        repo: ref[2] ?? self.repo,
        number: Number(ref[3]),
      };
      if (key.number > 0 && issueKey(key) !== issueKey(self)) found.set(issueKey(key), key);
    }
  }
  return [...found.values()];
}

/**
 * The nodes that lie on a dependency cycle, each with its cycle's members (Tarjan's strongly connected components; a
 * component of two or more nodes is a cycle). `edges` maps a node to the nodes it waits for.
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
      if (component.length > 1) {
        const members = component.sort();
        for (const node of members) onCycle.set(node, members);
      }
    }
  }
  return onCycle;
}
