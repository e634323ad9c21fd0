import type { SimContext } from "../context.js";
import { emit } from "../events.js";
import { HttpError } from "../errors.js";
import type { IssueRecord, LabelRecord, RepoRecord, UserRecord } from "../model.js";
import { renderLabel } from "../render.js";

/** GitHub refuses every write to an archived repository. */
export function assertWritable(repo: RepoRecord): void {
  if (repo.archived) throw new HttpError(403, "Repository was archived so is read-only.");
}

/** True when the change comes from the app's installation token (GitHub then shows the app). */
export const byApp = (ctx: SimContext, actor: UserRecord): boolean => actor === ctx.world.app.bot;

export function touch(ctx: SimContext, issue: IssueRecord): void {
  issue.updatedAt = ctx.world.timestamp();
}

/** The label with this name, created (and announced) first when the repository lacks it. */
export function ensureLabel(
  ctx: SimContext,
  repo: RepoRecord,
  actor: UserRecord,
  name: string,
): LabelRecord {
  const existing = ctx.world.label(repo, name);
  if (existing) return existing;
  const label = ctx.world.createLabel(repo, name);
  emit(ctx, "label", repo, actor, { action: "created", label: renderLabel(repo, label, ctx.urls) });
  return label;
}
