/**
 * The boxes of the report issue's dashboard (report/dashboard.ts renders them): a checkbox line
 * carries a hidden tag naming its issue (an approval) or its repeat suggestion's series (an
 * adoption), and an edit that ticks one is a tick to check (approval/dashboard-tick.ts).
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

/** The hidden tag that ties a repeat suggestion's checkbox line to its series. */
export const repeatTag = (series: string): string => `<!-- nightshift:repeat ${series} -->`;
const REPEAT_LINE = /^- \[( |x|X)\] .*<!-- nightshift:repeat ([a-z0-9][a-z0-9-]*) -->$/gm;

function checkedRepeats(body: string): Set<string> {
  const ticked = new Set<string>();
  for (const match of body.matchAll(REPEAT_LINE)) {
    if (match[1] !== " " && match[2] !== undefined) ticked.add(match[2]);
  }
  return ticked;
}

/** Series whose repeat suggestion box an edit ticked (checked after, not before). */
export function newlyTickedRepeats(before: string, after: string): string[] {
  const was = checkedRepeats(before);
  return [...checkedRepeats(after)].filter((series) => !was.has(series)).sort();
}

/** The body with these series' boxes unticked again: the revert of a refused tick. */
export function untickRepeats(body: string, series: readonly string[]): string {
  return body.replace(REPEAT_LINE, (line, _mark: string, name: string) =>
    series.includes(name) ? line.replace(/^- \[(x|X)\]/, "- [ ]") : line,
  );
}
