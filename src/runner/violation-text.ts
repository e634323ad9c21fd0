import { redactCredentials, type CredentialKind } from "../text/credentials.js";
import type { Violation } from "./violation.js";

const CREDENTIAL_NAMES: Record<CredentialKind, string> = {
  "github-token": "a GitHub token",
  "github-pat": "a GitHub personal access token",
  "anthropic-key": "an Anthropic API key",
  "openai-key": "an OpenAI API key",
  "aws-access-key": "an AWS access key",
  "private-key": "a private key",
  jwt: "a JSON web token",
};

const MAX_SHOWN = 200;

/**
 * A path or link target fit for a one-line public reason: the agent chose it, so any
 * credential in it is redacted, it is cut short, and control characters are escaped.
 */
function show(text: string): string {
  const redacted = redactCredentials(text);
  const short = redacted.length > MAX_SHOWN ? `${redacted.slice(0, MAX_SHOWN)}…` : redacted;
  // eslint-disable-next-line no-control-regex
  const plain = !/[\u0000-\u001f\u007f`]/.test(short);
  return plain ? `\`${short}\`` : JSON.stringify(short);
}

function bytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** One violation as a short sentence. */
export function describeViolation(violation: Violation): string {
  switch (violation.kind) {
    case "too-many-files":
      return violation.count === undefined
        ? `more than ${violation.limit} files changed`
        : `${violation.count} files changed, more than the ${violation.limit} allowed`;
    case "too-many-bytes":
      return `the change adds ${bytes(violation.total)}, more than the ${bytes(violation.limit)} allowed`;
    case "file-too-big":
      return `${show(violation.path)} is ${bytes(violation.size)}, more than the ${bytes(violation.limit)} a file may be`;
    case "symlink-escapes":
      return `${show(violation.path)} is a symlink to ${show(violation.target)}, outside the repository`;
    case "hard-link":
      return `${show(violation.path)} is a hard link`;
    case "submodule":
      return `${show(violation.path)} changes a submodule`;
    case "git-dir":
      return `${show(violation.path)} belongs to a nested git repository`;
    case "special-file":
      return `${show(violation.path)} is not a regular file or a symlink`;
    case "invalid-name":
      return `${show(violation.path)} has a name that is not valid UTF-8`;
    case "protected-path":
      return `${show(violation.path)} is a protected path (${show(violation.pattern)})`;
    case "credential": {
      const what = CREDENTIAL_NAMES[violation.credential];
      if (violation.found === "name") return `the name ${show(violation.path)} looks like ${what}`;
      if (violation.found === "link-target") {
        return `the target of the symlink ${show(violation.path)} looks like ${what}`;
      }
      const where = violation.line === undefined ? "" : ` on line ${violation.line}`;
      return `${show(violation.path)} holds what looks like ${what}${where}`;
    }
  }
}

/** The first few violations as one line, saying how many more there are. */
export function describeViolations(violations: readonly Violation[], shown = 3): string {
  const listed = violations.slice(0, shown).map(describeViolation);
  const more = violations.length - listed.length;
  return more > 0 ? `${listed.join("; ")}; and ${more} more` : listed.join("; ");
}
