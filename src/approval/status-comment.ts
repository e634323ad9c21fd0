import { z } from "zod";
import type { CommentSnapshot } from "../types.js";

/**
 * The bot's one status comment on an issue: what holds it back, edited rather than repeated.
 * Its first line is a hidden marker carrying the record planning trusts: the hash of the issue
 * text that an accepted `/approve` saw.
 */
export interface StatusRecord {
  /** Hash of the title and body an approver approved; null when no approval is recorded. */
  approvedHash: string | null;
  approvedBy?: string;
  /** Set when the approval came from a tick on the report issue's dashboard, not an `/approve`. */
  approvedVia?: "dashboard";
  /** When the dashboard tick was made (the report issue's edit time). */
  approvedAt?: string;
  /** Who edited the issue and so voided the last approval. */
  voidedBy?: string;
}

export interface StatusComment {
  id: number;
  body: string;
  record: StatusRecord;
}

const MARKER = /^<!-- nightshift:status (\{[^\n]*\}) -->/;

const recordSchema = z.object({
  approvedHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  approvedBy: z.string().optional(),
  approvedVia: z.literal("dashboard").optional(),
  approvedAt: z.string().optional(),
  voidedBy: z.string().optional(),
});

export const EMPTY_RECORD: StatusRecord = { approvedHash: null };

export function renderStatusComment(record: StatusRecord, lines: readonly string[]): string {
  return [`<!-- nightshift:status ${JSON.stringify(record)} -->`, ...lines].join("\n");
}

function parseRecord(body: string): StatusRecord | null {
  const match = MARKER.exec(body);
  if (!match?.[1]) return null;
  try {
    const parsed = recordSchema.safeParse(JSON.parse(match[1]));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The bot's status comment, or null. Only a comment by the bot itself counts: anyone can
 * write the marker, but no one else can write as `botLogin`.
 */
export function findStatusComment(
  comments: readonly CommentSnapshot[],
  botLogin: string | undefined,
): StatusComment | null {
  if (!botLogin) return null;
  for (const comment of comments) {
    if (comment.authorType !== "Bot" || comment.author !== botLogin) continue;
    const record = parseRecord(comment.body);
    if (record) return { id: comment.id, body: comment.body, record };
  }
  return null;
}
