/**
 * The approval boxes of the report issue's dashboard (report/dashboard.ts renders them): a
 * checkbox line carries a hidden tag naming its issue, and an edit that ticks one is an
 * approval to check (approval/dashboard-tick.ts).
 */

/** The hidden tag that ties a checkbox line to its issue. */
export const approvalTag = (issue: number): string =>
  `<!-- nightshift:approve #${String(issue)} -->`;
const LINE = /^- \[( |x|X)\] .*<!-- nightshift:approve #(\d+) -->$/gm;

function checked(body: string): Set<number> {
  const ticked = new Set<number>();
  for (const match of body.matchAll(LINE)) {
    if (match[1] !== " ") ticked.add(Number(match[2]));
  }
  return ticked;
}

/** Issues whose approval box an edit ticked (checked after, not before). */
export function newlyTicked(before: string, after: string): number[] {
  const was = checked(before);
  return [...checked(after)].filter((issue) => !was.has(issue)).sort((a, b) => a - b);
}

/** The body with these issues' boxes unticked again: the revert of a tick that was refused. */
export function untick(body: string, issues: readonly number[]): string {
  return body.replace(LINE, (line, _mark: string, issue: string) =>
    issues.includes(Number(issue)) ? line.replace(/^- \[(x|X)\]/, "- [ ]") : line,
  );
}
