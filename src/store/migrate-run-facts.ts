import { z } from "zod";
import { RunOutcomeSchema, TaskSchema } from "./rows.js";
import type { Database } from "./sqlite.js";

const LegacyDetail = z.object({
  task: z.unknown().optional(),
  branch: z.string().optional(),
  collected: z.boolean().optional(),
  outcome: z.unknown().optional(),
});

const json = (value: unknown): string | null =>
  value === undefined ? null : JSON.stringify(value);

/**
 * Version 1 → 2, the data: each run's JSON bag of facts into typed columns. A fact that does
 * not parse is left out (the run keeps its state, issue and PR number) rather than carried on
 * as an unchecked value; the bag itself is cleared.
 */
export function migrateRunFacts(db: Database): void {
  const rows = z
    .array(z.object({ id: z.string(), detail_json: z.string() }))
    .parse(db.all("SELECT id, detail_json FROM runs WHERE detail_json IS NOT NULL"));
  for (const row of rows) {
    let parsed: unknown = {};
    try {
      parsed = JSON.parse(row.detail_json);
    } catch {
      parsed = {};
    }
    const detail = LegacyDetail.safeParse(parsed);
    const facts = detail.success ? detail.data : {};
    const task = TaskSchema.safeParse(facts.task);
    const outcome = RunOutcomeSchema.safeParse(facts.outcome);
    db.run(
      `UPDATE runs SET task_json = :task, branch = :branch, collected = :collected,
       outcome_json = :outcome, detail_json = NULL WHERE id = :id`,
      {
        ":id": row.id,
        ":task": task.success ? json(task.data) : null,
        ":branch": facts.branch ?? null,
        ":collected": facts.collected === true ? 1 : 0,
        ":outcome": outcome.success ? json(outcome.data) : null,
      },
    );
  }
}
