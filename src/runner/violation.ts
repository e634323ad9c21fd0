import type { CredentialKind } from "../text/credentials.js";

/**
 * Why a change is refused, as data; describeViolation renders it. Paths are the entries'.
 * - `git-dir`: the path is, or is inside, a `.git` below the top (a nested repository);
 * - `special-file`: a fifo, socket or device, which no blob can hold;
 * - `credential`: a credential-shaped string in a file's content, its name or a symlink's target.
 */
export type Violation =
  | {
      kind: "too-many-files";
      limit: number;
      /** Absent when the listing stopped early. */ count?: number;
    }
  | { kind: "too-many-bytes"; total: number; limit: number }
  | { kind: "file-too-big"; path: string; size: number; limit: number }
  | { kind: "symlink-escapes"; path: string; target: string }
  | { kind: "hard-link"; path: string }
  | { kind: "submodule"; path: string }
  | { kind: "git-dir"; path: string }
  | { kind: "special-file"; path: string }
  | { kind: "invalid-name"; path: string }
  | { kind: "protected-path"; path: string; pattern: string }
  | {
      kind: "credential";
      path: string;
      credential: CredentialKind;
      found: "content" | "name" | "link-target";
      /** 1-based, for a match in the content. */
      line?: number;
    };

export type Validation = { ok: true } | { ok: false; violations: Violation[] };
