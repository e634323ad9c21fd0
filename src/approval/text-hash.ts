import { createHash } from "node:crypto";
import type { IssueSnapshot } from "../types.js";

/**
 * The fingerprint of an issue's text (title and body) that an approval is bound to. Line
 * endings are normalised so a browser's CRLF does not void an approval.
 */
export function issueTextHash(issue: Pick<IssueSnapshot, "title" | "body">): string {
  const normalise = (text: string) => text.replace(/\r\n?/g, "\n");
  return createHash("sha256")
    .update(JSON.stringify([normalise(issue.title), normalise(issue.body)]))
    .digest("hex");
}
