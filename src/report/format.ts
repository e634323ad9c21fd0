/** Keeps issue titles from breaking a Markdown table or list. */
export const inlineText = (text: string): string =>
  text
    .replace(/[\r\n]+/g, " ")
    .replace(/\|/g, "\\|")
    .slice(0, 120);

const FAILURE_LINE = /\b(not ok|fail(ed|ure)?|error|assert(ion)?)\b|✗|×/i;

/**
 * The most telling lines of a failed check's output: from the first line that looks like a
 * failure, else the last lines.
 */
export function failureExcerpt(output: string, maxLines = 15): string {
  const lines = output.trimEnd().split("\n");
  const first = lines.findIndex((line) => FAILURE_LINE.test(line));
  const picked = first >= 0 ? lines.slice(first, first + maxLines) : lines.slice(-maxLines);
  return picked.join("\n");
}
