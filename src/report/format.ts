/** `1h 2m`, `3m 4s`, `5s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

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
