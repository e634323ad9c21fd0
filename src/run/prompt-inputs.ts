import { readFile, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { canApprove } from "../approval/roles.js";
import type { Task } from "../queue/task.js";
import type { RunContext } from "./context.js";

const CONTRIBUTING_FILES = ["CONTRIBUTING.md", ".github/CONTRIBUTING.md", "docs/CONTRIBUTING.md"];

/** A file of the checkout at `dir`, or undefined: missing, not a file, or a link leaving it. */
async function readInside(dir: string, file: string): Promise<string | undefined> {
  const root = await realpath(dir);
  const real = await realpath(join(dir, file)).catch(() => undefined);
  // A symlinked CONTRIBUTING.md must not carry a host file (or a runner's secrets) into the prompt.
  if (real === undefined || !real.startsWith(root + sep)) return undefined;
  if (!(await stat(real)).isFile()) return undefined;
  return readFile(real, "utf8");
}

/** The repository's contribution notes, for the prompt (bounded), from a checkout. */
export async function contributionNotes(dir: string): Promise<string | undefined> {
  for (const file of CONTRIBUTING_FILES) {
    const text = await readInside(dir, file).catch(() => undefined);
    if (text !== undefined) return text.slice(0, 8000);
  }
  return undefined;
}

/** Comments by people who may approve: the only comments that reach the prompt. */
export async function maintainerComments(
  task: Task,
  ctx: RunContext,
): Promise<{ author: string; body: string }[]> {
  const comments = await ctx.github.listComments(task.repo, task.issue.number);
  const kept = [];
  for (const comment of comments) {
    if (comment.authorType === "User" && canApprove(await ctx.roleOf(comment.author))) {
      kept.push({ author: comment.author, body: comment.body });
    }
  }
  return kept;
}
