import picomatch from "picomatch";
import { findCredentials } from "../text/credentials.js";
import { holdsBlob, isGitDirName, type ChangeEntry } from "./change-entry.js";
import { linkEscapes } from "./link-target.js";
import type { Validation, Violation } from "./violation.js";

export type { Validation, Violation } from "./violation.js";

/** What one run's change may be (the repository config's `changes`). */
export interface ChangeLimits {
  maxFiles: number;
  maxTotalBytes: number;
  maxFileBytes: number;
  /** Globs no entry may match (dotfiles included, case ignored). */
  protectedPaths: readonly string[];
}

/** The content of a changed file, by its entry's path; the caller decides where it comes from. */
export type ReadContent = (path: string) => Promise<Uint8Array>;

/** Git's own test for binary content: a NUL byte in the first 8 KB. */
const SNIFF_BYTES = 8 * 1024;

/** An entry that brings a new blob. */
const bringsBlob = (entry: ChangeEntry): boolean =>
  entry.change !== "deleted" && holdsBlob(entry.kind);

/** New bytes the change brings: what its blobs would weigh. */
function totalBytes(entries: readonly ChangeEntry[]): number {
  return entries.reduce((sum, entry) => sum + (bringsBlob(entry) ? entry.size : 0), 0);
}

type Matcher = (path: string) => string | undefined;

function protectedMatcher(patterns: readonly string[]): Matcher {
  const tests = patterns.map((pattern) => ({
    pattern,
    test: picomatch(pattern, { dot: true, nocase: true }),
  }));
  return (path) => tests.find(({ test }) => test(path))?.pattern;
}

const isSubmodule = (entry: ChangeEntry): boolean =>
  entry.kind === "submodule" ||
  entry.previousKind === "submodule" ||
  entry.path.toLowerCase() === ".gitmodules";

/** What is wrong with an entry itself, whatever its content: kind, name, link, size, place. */
function entryViolations(entry: ChangeEntry, limits: ChangeLimits, protect: Matcher): Violation[] {
  const { path } = entry;
  const found: Violation[] = [];
  const inGitDir = path.split("/").some(isGitDirName);
  if (inGitDir) found.push({ kind: "git-dir", path });
  if (entry.invalidName === true) found.push({ kind: "invalid-name", path });
  else if (entry.kind === "other" && !inGitDir) found.push({ kind: "special-file", path });
  if (isSubmodule(entry)) found.push({ kind: "submodule", path });
  const target = entry.linkTarget ?? "";
  if (entry.kind === "symlink" && bringsBlob(entry) && linkEscapes(path, target)) {
    found.push({ kind: "symlink-escapes", path, target });
  }
  if (entry.hardLinked && (entry.change === "added" || entry.change === "modified")) {
    found.push({ kind: "hard-link", path });
  }
  if (bringsBlob(entry) && entry.size > limits.maxFileBytes) {
    found.push({ kind: "file-too-big", path, size: entry.size, limit: limits.maxFileBytes });
  }
  const pattern = protect(path);
  if (pattern !== undefined) found.push({ kind: "protected-path", path, pattern });
  const inName = findCredentials(path)[0];
  if (inName) found.push({ kind: "credential", path, credential: inName.kind, found: "name" });
  const inTarget = entry.kind === "symlink" ? findCredentials(target)[0] : undefined;
  if (inTarget) {
    found.push({ kind: "credential", path, credential: inTarget.kind, found: "link-target" });
  }
  return found;
}

/** Files whose new text is scanned for credentials: added or edited, within the size limit. */
const scanned = (entry: ChangeEntry, limits: ChangeLimits): boolean =>
  (entry.change === "added" || entry.change === "modified") &&
  (entry.kind === "file" || entry.kind === "executable") &&
  entry.size <= limits.maxFileBytes;

async function contentViolation(entry: ChangeEntry, read: ReadContent): Promise<Violation | null> {
  const content = await read(entry.path);
  if (content.subarray(0, SNIFF_BYTES).includes(0)) return null;
  const text = new TextDecoder().decode(content);
  const match = findCredentials(text)[0];
  if (!match) return null;
  const line = text.slice(0, match.index).split("\n").length;
  return { kind: "credential", path: entry.path, credential: match.kind, found: "content", line };
}

/**
 * Whether a change may be committed: every rule is checked and every violation reported. The
 * content scan reads only when the change is within its count and byte limits, so a refused
 * giant change is never read. Pure but for `read`.
 */
export async function validateChange(
  entries: readonly ChangeEntry[],
  limits: ChangeLimits,
  read: ReadContent,
): Promise<Validation> {
  const violations: Violation[] = [];
  if (entries.length > limits.maxFiles) {
    violations.push({ kind: "too-many-files", count: entries.length, limit: limits.maxFiles });
  }
  const total = totalBytes(entries);
  if (total > limits.maxTotalBytes) {
    violations.push({ kind: "too-many-bytes", total, limit: limits.maxTotalBytes });
  }
  const protect = protectedMatcher(limits.protectedPaths);
  for (const entry of entries) violations.push(...entryViolations(entry, limits, protect));
  const tooBig = violations.some((v) => v.kind === "too-many-files" || v.kind === "too-many-bytes");
  if (!tooBig) {
    for (const entry of entries.filter((e) => scanned(e, limits))) {
      const found = await contentViolation(entry, read);
      if (found) violations.push(found);
    }
  }
  return violations.length === 0 ? { ok: true } : { ok: false, violations };
}
