import { proseLines } from "../text/markdown-lines.js";
import type { UntilDoneDecision } from "./until-done.js";

/** An until-done target as configured: a milestone's title or a label's name. */
export type UntilDoneSet = { milestone: string } | { label: string };

/** What a status comment last told: a decision, or that the milestone was not found. */
export type UntilDoneStatusKind = UntilDoneDecision["kind"] | "missing";

/** The target's key in the journal and its comment's marker, e.g. `label:epic: parser`. */
export const targetKey = (set: UntilDoneSet): string =>
  "milestone" in set ? `milestone:${set.milestone}` : `label:${set.label}`;

/** The name a maintainer writes after `/nightshift resume`: the milestone's title or the label. */
export const targetName = (set: UntilDoneSet): string =>
  "milestone" in set ? set.milestone : set.label;

/** A name inside inline code: no backtick or line break can end it early. */
const code = (name: string): string => `\`${name.replace(/[`\r\n]+/g, "'")}\``;

/** The target as a reader sees it, e.g. milestone `v2.0`. */
export const describeTarget = (set: UntilDoneSet): string =>
  "milestone" in set ? `milestone ${code(set.milestone)}` : `label ${code(set.label)}`;

/** The resume command for this target, as a maintainer writes it. */
export const resumeCommand = (set: UntilDoneSet): string =>
  code(`/nightshift resume ${targetName(set)}`);

const RESUME = /^\/nightshift resume (.+)$/i;

/**
 * Whether a comment body asks to resume this target: a line of its own (outside code and
 * quotes) reading `/nightshift resume <name>`, the name compared without case (as GitHub
 * compares labels).
 */
export function asksToResume(body: string, set: UntilDoneSet): boolean {
  const wanted = targetName(set).trim().toLowerCase();
  return proseLines(body).some((line) => {
    const named = RESUME.exec(line.replace(/\s+/g, " "))?.[1];
    return named !== undefined && named.trim().toLowerCase() === wanted;
  });
}
