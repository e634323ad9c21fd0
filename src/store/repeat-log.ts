import { z } from "zod";
import type { AdoptedRepeat, RepeatOffer } from "../learn/adopted-repeat.js";
import { RecurringScheduleSchema } from "../learn/recurrence-schema.js";
import type { Sql } from "./sql.js";

const RepeatRow = z.object({
  series: z.string().min(1),
  title: z.string().min(1),
  schedule_json: z.string(),
  labels_json: z.string(),
  occurrences: z.number().int().nonnegative(),
  confidence: z.enum(["low", "medium", "high"]),
  adopted_by: z.string().nullable(),
  adopted_at: z.string().nullable(),
});

const LabelsSchema = z.array(z.string());

const jsonOf = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

function rowOf(raw: unknown): RepeatOffer & { adoptedBy: string | null; adoptedAt: string | null } {
  const parsed = RepeatRow.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`journal: unreadable repeat: ${z.prettifyError(parsed.error)}`);
  }
  const row = parsed.data;
  const schedule = RecurringScheduleSchema.safeParse(jsonOf(row.schedule_json));
  const labels = LabelsSchema.safeParse(jsonOf(row.labels_json));
  if (!schedule.success || !labels.success) {
    throw new Error(`journal: unreadable schedule or labels of repeat ${row.series}`);
  }
  return {
    series: row.series,
    title: row.title,
    schedule: schedule.data,
    labels: labels.data,
    occurrences: row.occurrences,
    confidence: row.confidence,
    adoptedBy: row.adopted_by,
    adoptedAt: row.adopted_at,
  };
}

/**
 * Repeat suggestions per repository: the ones its dashboard offers now (so a tick names one the
 * bot showed, never text someone wrote into the body), and the ones an approver adopted. An
 * adopted row is never offered or changed again.
 */
export class RepeatLog {
  constructor(private readonly sql: Sql) {}

  /** What the dashboard offers from now on, strongest first: the earlier offers are withdrawn. */
  offer(repo: string, offers: readonly RepeatOffer[], at: Date): void {
    this.sql.transaction(() => {
      this.sql.run("DELETE FROM repeats WHERE repo = :repo AND adopted_at IS NULL", {
        ":repo": repo,
      });
      offers.forEach((offer, rank) => {
        this.sql.run(
          `INSERT INTO repeats (repo, series, title, schedule_json, labels_json, rank,
             occurrences, confidence, offered_at)
           VALUES (:repo, :series, :title, :schedule, :labels, :rank, :occurrences, :confidence,
             :at)
           ON CONFLICT (repo, series) DO NOTHING`,
          {
            ":repo": repo,
            ":series": offer.series,
            ":title": offer.title,
            ":schedule": JSON.stringify(offer.schedule),
            ":labels": JSON.stringify(offer.labels),
            ":rank": rank,
            ":occurrences": offer.occurrences,
            ":confidence": offer.confidence,
            ":at": at.toISOString(),
          },
        );
      });
    });
  }

  /** The suggestions the repository's dashboard offers, strongest first. */
  offered(repo: string): RepeatOffer[] {
    return this.sql
      .all("SELECT * FROM repeats WHERE repo = :repo AND adopted_at IS NULL ORDER BY rank", {
        ":repo": repo,
      })
      .map(rowOf)
      .map(({ adoptedBy: _by, adoptedAt: _at, ...offer }) => offer);
  }

  /**
   * Adopts an offered suggestion: the adopted entry, or null when the dashboard does not offer
   * that series (never did, withdrew it, or it was adopted already: the first tick wins).
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
      .map(rowOf)
      .flatMap(({ adoptedBy, adoptedAt, occurrences: _n, confidence: _c, ...entry }) =>
        adoptedBy === null || adoptedAt === null ? [] : [{ ...entry, adoptedBy, adoptedAt }],
      );
  }
}
