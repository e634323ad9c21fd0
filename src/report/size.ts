/** GitHub refuses comments and issue bodies longer than this many characters. */
export const GITHUB_BODY_LIMIT = 65_536;

/**
 * The first rendering that fits the limit, trying each in order (fuller first); when none
 * fits, the last one cut at a line break with a note saying so.
 */
/** Room left for the hidden marker a posted comment starts with. */
export const REPORT_LIMIT = GITHUB_BODY_LIMIT - 200;

export function fitWithin(renderings: readonly (() => string)[], limit = REPORT_LIMIT): string {
  let last = "";
  for (const render of renderings) {
    last = render();
    if (last.length <= limit) return last;
  }
  const note =
    "\n\n> [!NOTE]\n> This report was cut to fit GitHub's comment size limit; `nightshift report --json` has all of it.\n";
  const room = limit - note.length;
  const cut = last.lastIndexOf("\n", room);
  return last.slice(0, cut > 0 ? cut : room) + note;
}
