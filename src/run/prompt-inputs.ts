import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { canApprove } from "../approval/roles.js";
import type { Task } from "../queue/task.js";
import type { RunContext } from "./context.js";

const CONTRIBUTING_FILES = ["CONTRIBUTING.md", ".github/CONTRIBUTING.md", "docs/CONTRIBUTING.md"];

/** The repository's contribution notes, for the prompt (bounded). */
export async function contributionNotes(dir: string): Promise<string | undefined> {
  for (const file of CONTRIBUTING_FILES) {
    const text = await readFile(join(dir, file), "utf8").catch(() => undefined);
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
