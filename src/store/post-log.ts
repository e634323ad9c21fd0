import { z } from "zod";
import type { IsOwnerAlive } from "./owner.js";
import type { Sql } from "./sql.js";

/** The comments a session posts on a repository's report issue. */
export type PostKind = "preview" | "progress" | "morning";

/**
 * claimed: someone is posting it; posted: it is on GitHub; lost: retries ran out (the next
 * comment that gets through says so); final: a progress comment edited to its last word.
 */
export const PostStateSchema = z.enum(["claimed", "posted", "lost", "final"]);
export type PostState = z.infer<typeof PostStateSchema>;

const PostRow = z.object({
  key: z.string(),
  repo: z.string(),
  kind: z.enum(["preview", "progress", "morning"]),
  state: PostStateSchema,
  owner_id: z.string().nullable(),
  at: z.string(),
  error: z.string().nullable(),
});

export interface PostRecord {
  key: string;
  kind: PostKind;
  state: PostState;
  at: string;
  error: string | null;
}

const toRecord = (raw: unknown): PostRecord => {
  const row = PostRow.parse(raw);
  return { key: row.key, kind: row.kind, state: row.state, at: row.at, error: row.error };
};

/**
 * Claims on posted comments, one per (key, repository, kind), where the key is the session
 * (or the preview's window). A morning report is claimed before it is posted and marked
 * posted after, so a restart posts exactly the reports still owed: never a second one, never
 * none.
 */
export class PostLog {
  constructor(private readonly sql: Sql) {}

  /**
   * `mine` when the caller may post now: never claimed, or claimed (or lost) by a process that
   * is gone; `done` when it is already posted; `held` when a live process is posting it.
   */
  claim(
    key: string,
    repo: string,
    kind: PostKind,
    owner: string,
    at: Date,
    isOwnerAlive: IsOwnerAlive,
  ): "mine" | "done" | "held" {
    const values = { ":k": key, ":r": repo, ":kind": kind, ":o": owner, ":at": at.toISOString() };
    return this.sql.transaction(() => {
      const inserted = this.sql.run(
        `INSERT OR IGNORE INTO posts (key, repo, kind, state, owner_id, at)
         VALUES (:k, :r, :kind, 'claimed', :o, :at)`,
        values,
      );
      if (inserted === 1) return "mine";
      const raw = this.sql.all(
        "SELECT * FROM posts WHERE key = :k AND repo = :r AND kind = :kind",
        { ":k": key, ":r": repo, ":kind": kind },
      )[0];
      const row = PostRow.parse(raw);
      if (row.state === "posted" || row.state === "final") return "done";
      if (row.state === "claimed" && row.owner_id !== owner && isOwnerAlive(row.owner_id)) {
        return "held";
      }
      this.sql.run(
        `UPDATE posts SET state = 'claimed', owner_id = :o, at = :at
         WHERE key = :k AND repo = :r AND kind = :kind`,
        values,
      );
      return "mine";
    });
  }

  mark(key: string, repo: string, kind: PostKind, state: PostState, at: Date, error?: string) {
    this.sql.run(
      `INSERT INTO posts (key, repo, kind, state, at, error) VALUES (:k, :r, :kind, :s, :at, :e)
       ON CONFLICT (key, repo, kind) DO UPDATE SET state = :s, at = :at, error = :e`,
      {
        ":k": key,
        ":r": repo,
        ":kind": kind,
        ":s": state,
        ":at": at.toISOString(),
        ":e": error ?? null,
      },
    );
  }

  get(key: string, repo: string, kind: PostKind): PostRecord | null {
    const raw = this.sql.all("SELECT * FROM posts WHERE key = :k AND repo = :r AND kind = :kind", {
      ":k": key,
      ":r": repo,
      ":kind": kind,
    })[0];
    return raw ? toRecord(raw) : null;
  }

  /** Posts of the repository given up as lost and not yet mentioned in a later comment. */
  lostUnmentioned(repo: string): PostRecord[] {
    return this.sql
      .all("SELECT * FROM posts WHERE repo = :r AND state = 'lost' AND mentioned = 0 ORDER BY at", {
        ":r": repo,
      })
      .map(toRecord);
  }

  markMentioned(repo: string, posts: readonly PostRecord[]): void {
    for (const post of posts) {
      this.sql.run("UPDATE posts SET mentioned = 1 WHERE key = :k AND repo = :r AND kind = :kind", {
        ":k": post.key,
        ":r": repo,
        ":kind": post.kind,
      });
    }
  }
}
