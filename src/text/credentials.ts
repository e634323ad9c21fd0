/**
 * Credential-shaped strings: what an agent must never commit and the bot must never post. The
 * patterns follow the issuers' published formats (GitHub's token prefixes, Anthropic's and
 * OpenAI's key prefixes, AWS access key ids, PEM private keys, JWTs); they err towards flagging.
 */

export type CredentialKind =
  | "github-token"
  | "github-pat"
  | "anthropic-key"
  | "openai-key"
  | "aws-access-key"
  | "private-key"
  | "jwt";

interface CredentialPattern {
  kind: CredentialKind;
  pattern: RegExp;
}

// Each pattern is global and sticky-free; callers clone them through `matchAll`/`replace`.
// Boundaries are "no letter or digit" rather than `\b`, which fails next to `_`: a token in an
// identifier (`MY_ghs_…`) or in Markdown emphasis (`_ghs_…_`) still counts.
const PATTERNS: readonly CredentialPattern[] = [
  // ghp_ (classic PAT), gho_ (OAuth), ghu_ (user-to-server), ghs_ (installation), ghr_ (refresh).
  { kind: "github-token", pattern: /(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{16,255}/g },
  { kind: "github-pat", pattern: /(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{22,255}/g },
  { kind: "anthropic-key", pattern: /(?<![A-Za-z0-9])sk-ant-[A-Za-z0-9_-]{16,}/g },
  {
    kind: "openai-key",
    pattern: /(?<![A-Za-z0-9])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
  },
  {
    kind: "aws-access-key",
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  },
  {
    kind: "private-key",
    // A whole block when it is there, else the header alone (a truncated paste still counts).
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)?/g,
  },
  // header.payload.signature, where the header is base64url JSON starting `{"` (eyJ).
  {
    kind: "jwt",
    pattern: /(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  },
];

export interface CredentialMatch {
  kind: CredentialKind;
  /** Offset in the scanned text. */
  index: number;
  length: number;
}

/** Every credential-shaped string in `text`, in order of position. */
export function findCredentials(text: string): CredentialMatch[] {
  const found: CredentialMatch[] = [];
  for (const { kind, pattern } of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      found.push({ kind, index: match.index, length: match[0].length });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

export function hasCredential(text: string): boolean {
  return PATTERNS.some(({ pattern }) => new RegExp(pattern.source).test(text));
}

/** Replaces each credential-shaped string with `[redacted <kind>]`. */
export function redactCredentials(text: string): string {
  let out = text;
  for (const { kind, pattern } of PATTERNS) {
    out = out.replace(pattern, `[redacted ${kind}]`);
  }
  return out;
}
