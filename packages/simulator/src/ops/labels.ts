import type { SimContext } from "../context.js";
import { emit } from "../events.js";
import { validationFailed } from "../errors.js";
import type { LabelRecord, RepoRecord, UserRecord } from "../model.js";
import { renderLabel } from "../render.js";
import { assertWritable } from "./common.js";

/** Repository labels, with `label` webhooks. */

const DOCS = "https://docs.github.com/rest/issues/labels";

export function createLabel(
  ctx: SimContext,
  repo: RepoRecord,
  actor: UserRecord,
  input: { name: string; color?: string; description?: string },
): LabelRecord {
  assertWritable(repo);
  if (ctx.world.label(repo, input.name)) {
    throw validationFailed(
      [{ resource: "Label", code: "already_exists", field: "name" }],
      `${DOCS}#create-a-label`,
    );
  }
  const color = (input.color ?? "ededed").replace(/^#/, "");
  if (!/^[0-9a-fA-F]{6}$/.test(color)) {
    throw validationFailed(
      [{ resource: "Label", code: "invalid", field: "color" }],
      `${DOCS}#create-a-label`,
    );
  }
  const label = ctx.world.createLabel(repo, input.name, color, input.description ?? null);
  emit(ctx, "label", repo, actor, { action: "created", label: renderLabel(repo, label, ctx.urls) });
  return label;
}

export function updateLabel(
  ctx: SimContext,
  repo: RepoRecord,
  label: LabelRecord,
  actor: UserRecord,
  patch: { new_name?: string; color?: string; description?: string },
): void {
  assertWritable(repo);
  const changes: Record<string, { from: string | null }> = {};
  if (patch.new_name !== undefined && patch.new_name !== label.name) {
    const clash = ctx.world.label(repo, patch.new_name);
    if (clash && clash !== label) {
      throw validationFailed(
        [{ resource: "Label", code: "already_exists", field: "name" }],
        `${DOCS}#update-a-label`,
      );
    }
    changes.name = { from: label.name };
    label.name = patch.new_name;
  }
  if (patch.color !== undefined && patch.color.toLowerCase() !== label.color) {
    changes.color = { from: label.color };
    label.color = patch.color.replace(/^#/, "").toLowerCase();
  }
  if (patch.description !== undefined && patch.description !== label.description) {
    changes.description = { from: label.description };
    label.description = patch.description;
  }
  if (Object.keys(changes).length === 0) return;
  emit(ctx, "label", repo, actor, {
    action: "edited",
    label: renderLabel(repo, label, ctx.urls),
    changes,
  });
}

/** Deletes a label; GitHub silently takes it off every issue. */
export function deleteLabel(
  ctx: SimContext,
  repo: RepoRecord,
  label: LabelRecord,
  actor: UserRecord,
): void {
  assertWritable(repo);
  repo.labels = repo.labels.filter((l) => l !== label);
  for (const issue of repo.issues) issue.labels = issue.labels.filter((l) => l !== label);
  emit(ctx, "label", repo, actor, { action: "deleted", label: renderLabel(repo, label, ctx.urls) });
}
