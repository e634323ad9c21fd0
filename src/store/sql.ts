import type { Row } from "./sqlite.js";

export type SqlValues = Record<string, string | number | null>;

/** The journal's statements, each retried while another connection holds the lock. */
export interface Sql {
  run(sql: string, values?: SqlValues): number;
  all(sql: string, values?: SqlValues): Row[];
  /** Runs `work` as one transaction (BEGIN IMMEDIATE … COMMIT), rolled back when it throws. */
  transaction<T>(work: () => T): T;
}
