const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The lines of a Markdown text that are plain prose: outside fenced and indented code blocks,
 * and not block quotes. Commands and dependency lines count only there, so quoting someone's
 * `/approve` or showing it in a code block never acts.
 */
export function proseLines(text: string): string[] {
  const lines: string[] = [];
  let fence: string | null = null;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const fenceMatch = FENCE.exec(rawLine);
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    if (fence !== null) continue;
    // Indented four or more spaces (or a tab) is an indented code block in Markdown.
    if (/^( {4}|\t)/.test(rawLine)) continue;
    const line = rawLine.trim();
    if (line.startsWith(">")) continue;
    lines.push(line);
  }
  return lines;
}
