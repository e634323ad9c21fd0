/** A comment command (PRODUCT.md §3). */
export type Command =
  | { name: "approve" }
  | { name: "approve-cancel" }
  | { name: "hold" }
  | { name: "unhold" }
  | { name: "retry" };

export type CommandName = Command["name"];

const COMMANDS: Record<string, CommandName> = {
  "/approve": "approve",
  "/approve cancel": "approve-cancel",
  "/hold": "hold",
  "/unhold": "unhold",
  "/retry": "retry",
};

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Commands in a comment body: only at the start of a line, never inside a fenced code block or
 * a block quote, and only when the whole line is the command (so `/approve-ish` or
 * `/approve because …` do not count — a command is a deliberate line of its own).
 */
export function parseCommands(body: string): Command[] {
  const commands: Command[] = [];
  let fence: string | null = null;
  for (const rawLine of body.split(/\r?\n/)) {
    const fenceMatch = FENCE.exec(rawLine);
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    if (fence !== null) continue;
    // Indented four or more spaces is an indented code block in Markdown.
    if (/^( {4}|\t)/.test(rawLine)) continue;
    const line = rawLine.trim().replace(/\s+/g, " ").toLowerCase();
    const name = COMMANDS[line];
    if (name) commands.push({ name });
  }
  return commands;
}
