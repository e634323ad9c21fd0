import { gitDirOf, type SimContext } from "../context.js";
import { lsTree, readBlob, revParse } from "../git.js";
import type { RepoRecord } from "../model.js";
import type { WorkflowRecord } from "./model.js";
import { parseWorkflow, type WorkflowFile } from "./workflow-file.js";

/**
 * The workflows a repository has: the files under `.github/workflows/` on its default branch,
 * numbered the first time the repository's workflows are looked at (in path order, so ids are
 * the same every time). A workflow is named by its id or by its file name, as on GitHub.
 */

const WORKFLOWS_DIR = ".github/workflows";

export class WorkflowIndex {
  private readonly byRepo = new Map<number, WorkflowRecord[]>();

  async list(ctx: SimContext, repo: RepoRecord): Promise<WorkflowRecord[]> {
    const known = this.byRepo.get(repo.id) ?? [];
    const gitDir = gitDirOf(ctx.dataDir, repo);
    const head = await revParse(gitDir, repo.defaultBranch);
    const files = head === null ? [] : await lsTree(gitDir, head, WORKFLOWS_DIR, true);
    const paths = files
      .filter((entry) => entry.type === "blob" && /\.ya?ml$/.test(entry.path))
      .map((entry) => entry.path)
      .sort();
    for (const path of paths) {
      if (known.some((workflow) => workflow.path === path)) continue;
      known.push({
        id: ctx.world.nextId("workflow"),
        name: path.slice(WORKFLOWS_DIR.length + 1),
        path,
        createdAt: ctx.world.timestamp(),
      });
    }
    this.byRepo.set(repo.id, known);
    return known.filter((workflow) => paths.includes(workflow.path));
  }

  /** The workflow named by id or file name, or undefined when the default branch has none such. */
  async find(
    ctx: SimContext,
    repo: RepoRecord,
    idOrFile: string,
  ): Promise<WorkflowRecord | undefined> {
    const workflows = await this.list(ctx, repo);
    return workflows.find(
      (workflow) =>
        String(workflow.id) === idOrFile || workflow.path === `${WORKFLOWS_DIR}/${idOrFile}`,
    );
  }
}

/** The workflow file as it is at `sha`, parsed; null when absent or not YAML. */
export async function readWorkflowAt(
  ctx: SimContext,
  repo: RepoRecord,
  path: string,
  sha: string,
): Promise<WorkflowFile | null> {
  const gitDir = gitDirOf(ctx.dataDir, repo);
  const [entry] = await lsTree(gitDir, sha, path);
  if (entry?.type !== "blob" || entry.path !== path) return null;
  return parseWorkflow((await readBlob(gitDir, entry.sha)).toString("utf8"));
}
