import { proseLines } from "../text/markdown-lines.js";

/** A comment command (PRODUCT.md §3). */
export type Command =
  | { name: "approve" }
  | { name: "approve-cancel" }
  | { name: "hold" }
  | { name: "unhold" }
  | { name: "skip" }
  | { name: "retry" }
  | { name: "plan" }
  /** On a Nightshift pull request: queue a follow-up run on its branch (review/). */
  | { name: "fix" };

export type CommandName = Command["name"];

/** The text a user writes for each command. */
export const COMMAND_TEXT: Record<CommandName, string> = {
  approve: "/approve",
  "approve-cancel": "/approve cancel",
  hold: "/hold",
  unhold: "/unhold",
  skip: "/skip",
  retry: "/retry",
  plan: "/nightshift plan",
  fix: "/nightshift fix",
};

const NAMES: readonly CommandName[] = [
  "approve",
  "approve-cancel",
  "hold",
  "unhold",
  "skip",
  "retry",
  "plan",
  "fix",
];

/** Commands that mean something only on a pull request's conversation. */
const PULL_ONLY: ReadonlySet<CommandName> = new Set(["fix"]);

const BY_TEXT = new Map<string, CommandName>(NAMES.map((name) => [COMMAND_TEXT[name], name]));

/**
 * Commands in a comment body: only at the start of a line, never inside a code block or a
 * block quote, and only when the whole line is the command (so `/approve-ish` or
 * `/approve because …` do not count — a command is a deliberate line of its own).
 */
export function parseCommands(body: string): Command[] {
  const commands: Command[] = [];
  for (const line of proseLines(body)) {
    const name = BY_TEXT.get(line.replace(/\s+/g, " ").toLowerCase());
    if (name) commands.push({ name });
  }
  return commands;
}

/** The commands of a comment on an issue (pull-request-only ones are not commands there). */
export const issueCommands = (body: string): Command[] =>
  parseCommands(body).filter(({ name }) => !PULL_ONLY.has(name));

/** The commands of a comment on a pull request: only the pull-request-only ones count. */
export const pullCommands = (body: string): Command[] =>
  parseCommands(body).filter(({ name }) => PULL_ONLY.has(name));
