import type { PostRecord } from "../store/post-log.js";
import { inlineText } from "./format.js";

const WHAT: Record<PostRecord["kind"], string> = {
  preview: "The evening preview",
  progress: "A progress update",
  morning: "The morning report",
};

/**
 * What earlier comments could not be posted (GitHub kept refusing until their window passed),
 * said at the top of the next comment that gets through, once.
 */
export function lostNotes(lost: readonly PostRecord[]): string[] {
  if (lost.length === 0) return [];
  return [
    "> [!NOTE]",
    ...lost.map(
      (post) =>
        `> ${WHAT[post.kind]} for \`${post.key}\` could not be posted${post.error ? `: ${inlineText(post.error)}` : ""}.`,
    ),
    "",
  ];
}
