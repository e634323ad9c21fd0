import { z } from "zod";
import { HostFindingsSchema, parseJson, QuotaSnapshotSchema, type HostFindings } from "./rows.js";
import type { Row } from "./sqlite.js";

/** One session as the journal holds it. */
export interface JournalSession {
  id: string;
  windowKey: string | null;
  startedAt: string;
  finishedAt: string | null;
  pausedReason: string | null;
  /** The process that last worked on it (store/owner.ts). */
  ownerId: string | null;
  /** The quota when its first cycle planned, and when its morning report went out. */
  quotaBefore: z.infer<typeof QuotaSnapshotSchema> | null;
  quotaAfter: z.infer<typeof QuotaSnapshotSchema> | null;
  /** The latest cycle's preflight findings, with everything any cycle fixed. */
  host: HostFindings | null;
}

const SessionRowSchema = z.object({
  id: z.string(),
  window_key: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  paused_reason: z.string().nullable(),
  owner_id: z.string().nullable(),
  quota_before_json: z.string().nullable(),
  quota_after_json: z.string().nullable(),
  host_json: z.string().nullable(),
});

export function sessionFromRow(raw: Row): JournalSession {
  const row = SessionRowSchema.parse(raw);
  return {
    id: row.id,
    windowKey: row.window_key,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    pausedReason: row.paused_reason,
    ownerId: row.owner_id,
    quotaBefore: parseJson(QuotaSnapshotSchema, row.quota_before_json, `quota of ${row.id}`),
    quotaAfter: parseJson(QuotaSnapshotSchema, row.quota_after_json, `quota of ${row.id}`),
    host: parseJson(HostFindingsSchema, row.host_json, `host findings of ${row.id}`),
  };
}
