import { z } from "zod";
import type { AdoptedRepeat, OfferedRepeat } from "../learn/adopted-repeat.js";
import { RecurringScheduleSchema } from "../learn/recurrence-schema.js";
import type { Sql } from "./sql.js";

const RepeatRow = z.object({
  series: z.string().min(1),
  title: z.string().min(1),
  schedule_json: z.string(),
  labels_json: z.string(),
  adopted_by: z.string().nullable(),
  adopted_at: z.string().nullable(),
});

const LabelsSchema = z.array(z.string());

function offeredOf(
  raw: unknown,
): OfferedRepeat & { adoptedBy: string | null; adoptedAt: string | null } {
  const parsed = RepeatRow.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`journal: unreadable repeat: ${z.prettifyError(parsed.error)}`);
  }
  const row = parsed.data;
  const schedule = RecurringScheduleSchema.safeParse(JSON.parse(row.schedule_json));
  const labels = LabelsSchema.safeParse(JSON.parse(row.labels_json));
  if (!schedule.success || !labels.success) {
    throw new Error(`journal: unreadable schedule or labels of repeat ${row.series}`);
  }
  return {
    series: row.series,
    title: row.title,
    schedule: schedule.data,
    labels: labels.data,
    adoptedBy: row.adopted_by,
    adoptedAt: row.adopted_at,
  };
}

/**
 * Repeat suggestions per repository: each one the dashboard offered (so a tick names one the
 * bot showed, never text someone wrote into the body), and the ones an approver adopted. An
 * adopted row is never offered or changed again.
 */
export class RepeatLog {
  constructor(private readonly sql: Sql) {}

  /** Keeps what the dashboard offers now; an adopted series stays as it was adopted. */
  offer(repo: string, offered: readonly OfferedRepeat[], at: Date): void {
    this.sql.transaction(() => {
      for (const entry of offered) {
        this.sql.run(
          `INSERT INTO repeats (repo, series, title, schedule_json, labels_json, offered_at)
           VALUES (:repo, :series, :title, :schedule, :labels, :at)
           ON CONFLICT (repo, series) DO UPDATE SET title = excluded.title,
             schedule_json = excluded.schedule_json, labels_json = excluded.labels_json,
             offered_at = excluded.offered_at
           WHERE adopted_at IS NULL`,
          {
            ":repo": repo,
            ":series": entry.series,
            ":title": entry.title,
            ":schedule": JSON.stringify(entry.schedule),
            ":labels": JSON.stringify(entry.labels),
            ":at": at.toISOString(),
          },
        );
      }
    });
  }

  /**
   * Adopts an offered suggestion: the adopted entry, or null when the series was never offered
   * here or is adopted already (the first tick wins).
   */
  adopt(repo: string, series: string, by: string, at: Date): AdoptedRepeat | null {
    const changed = this.sql.run(
      `UPDATE repeats SET adopted_by = :by, adopted_at = :at
       WHERE repo = :repo AND series = :series AND adopted_at IS NULL`,
      { ":repo": repo, ":series": series, ":by": by, ":at": at.toISOString() },
    );
    if (changed === 0) return null;
    return this.adopted(repo).find((entry) => entry.series === series) ?? null;
  }

  /** The repository's adopted entries, oldest adoption first. */
  adopted(repo: string): AdoptedRepeat[] {
    return this.sql
      .all(
        `SELECT * FROM repeats WHERE repo = :repo AND adopted_at IS NOT NULL
         ORDER BY adopted_at, series`,
        { ":repo": repo },
      )
      .map(offeredOf)
      .flatMap(({ adoptedBy, adoptedAt, ...entry }) =>
        adoptedBy === null || adoptedAt === null ? [] : [{ ...entry, adoptedBy, adoptedAt }],
      );
  }
}
