// ANSI CSI and OSC sequences, as coloured CLIs (aider, codex) print them.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Terminal output as plain text: colours gone, `\r` progress lines reduced to their last state. */
export function plainText(output: string): string {
  return output
    .replace(ANSI, "")
    .split("\n")
    .map((line) => {
      const parts = line.replace(/\r+$/, "").split("\r");
      return parts[parts.length - 1] ?? "";
    })
    .join("\n")
    .replace(CONTROL, "");
}

/** The last non-empty lines of some output, at most `maxChars` long (whole lines when possible). */
export function lastLines(output: string, maxChars = 2000): string {
  const lines = plainText(output)
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "");
  const kept: string[] = [];
  let size = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? "";
    if (size + line.length + 1 > maxChars) {
      if (kept.length === 0) kept.unshift(`…${line.slice(line.length - maxChars + 1)}`);
      break;
    }
    kept.unshift(line);
    size += line.length + 1;
  }
  return kept.join("\n");
}

/** The start of a text, at most `maxChars` long. */
export function firstChars(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}
