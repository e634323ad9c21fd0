import { describeSchedule, type AdoptedRepeat } from "../learn/adopted-repeat.js";
import type { IssueSnapshot } from "../types.js";
import { approveByTick, tickVerdict, type TickContext } from "./tick-approval.js";
import { newlyTicked, newlyTickedRepeats, untick, untickRepeats } from "./ticks.js";

/** Adopts a repeat suggestion the dashboard offered (the journal's repeats): null when it did not. */
export type AdoptRepeat = (series: string, by: string, at: Date) => AdoptedRepeat | null;

export interface DashboardTickInput extends TickContext {
  /** The report issue whose body was edited. */
  reportIssue: number;
  /** The body before and after the edit (the webhook's `changes.body.from` and `issue.body`). */
  before: string;
  after: string;
  /** An open issue as it reads now, or null when it is closed or gone. */
  readIssue: (issue: number) => Promise<IssueSnapshot | null>;
  /** Where adopted repeat suggestions are kept; without it no repeat box can be ticked. */
  adoptRepeat?: AdoptRepeat;
}

export interface TickResult {
  approved: number[];
  refused: number[];
  /** Series of the repeat suggestions adopted, and of those whose tick was undone. */
  adopted: string[];
  refusedRepeats: string[];
}

const NOTHING: TickResult = { approved: [], refused: [], adopted: [], refusedRepeats: [] };

/**
 * Someone edited the report issue. Each approval box they ticked is an `/approve` of that
 * issue as it reads now, by them, under the same rule: approved ones are recorded in the
 * issue's status comment. Each repeat suggestion box they ticked adopts it as a recurring task,
 * under the same rule, and stays ticked. A tick they may not make is undone, with one reply
 * saying why.
 */
export async function handleDashboardTick(input: DashboardTickInput): Promise<TickResult> {
  const { editor } = input;
  const ticked = newlyTicked(input.before, input.after);
  const repeats = newlyTickedRepeats(input.before, input.after);
  if (ticked.length === 0 && repeats.length === 0) return NOTHING;
  const { who, verdict } = await tickVerdict(input);
  if (!verdict.allowed) {
    const why = verdict.reason.startsWith("`/approve` ")
      ? `ticking a box is \`/approve\`, which ${verdict.reason.slice("`/approve` ".length)}`
      : verdict.reason;
    await refuse(input, { issues: ticked, repeats }, why);
    input.logger.info(
      { user: editor.login, role: who.role, ticked, repeats },
      "dashboard tick refused",
    );
    return { ...NOTHING, refused: ticked, refusedRepeats: repeats };
  }
  const approved: number[] = [];
  const gone: number[] = [];
  for (const number of ticked) {
    const issue = await input.readIssue(number);
    if (!issue) {
      gone.push(number);
      continue;
    }
    await approveByTick(
      input,
      issue,
      `☑️ @${editor.login} approved this issue by ticking its box on the Nightshift dashboard (#${input.reportIssue}).`,
    );
    approved.push(number);
  }
  const adopted = adoptAll(input, repeats);
  const unknown = repeats.filter((series) => !adopted.some((entry) => entry.series === series));
  if (gone.length > 0 || unknown.length > 0) {
    const why = [
      gone.length > 0 ? "those issues are closed or gone" : undefined,
      unknown.length > 0 ? "no such repeat suggestion waits on this dashboard" : undefined,
    ]
      .filter(Boolean)
      .join("; ");
    await refuse(input, { issues: gone, repeats: unknown }, why);
  }
  if (adopted.length > 0) {
    await input.github.createComment(input.repo, input.reportIssue, adoptionNotice(input, adopted));
  }
  const series = adopted.map((entry) => entry.series);
  input.logger.info(
    { user: editor.login, approved, gone, adopted: series, unknown },
    "dashboard ticks",
  );
  return { approved, refused: gone, adopted: series, refusedRepeats: unknown };
}

function adoptAll(input: DashboardTickInput, repeats: readonly string[]): AdoptedRepeat[] {
  const { adoptRepeat } = input;
  if (!adoptRepeat) return [];
  const at = new Date(input.at);
  return repeats.flatMap((series) => adoptRepeat(series, input.editor.login, at) ?? []);
}

const adoptionNotice = (input: DashboardTickInput, adopted: readonly AdoptedRepeat[]): string =>
  [
    `☑️ @${input.editor.login} adopted ${adopted
      .map((entry) => `“${entry.title}” (${describeSchedule(entry.schedule)})`)
      .join(", ")} as recurring: Nightshift opens each occurrence as an issue from now on.`,
    "The dashboard lists what was adopted, with the YAML to move into `.github/nightshift.yml`.",
  ].join(" ");

/** Unticks the boxes again and tells the editor why, once. */
async function refuse(
  input: DashboardTickInput,
  undone: { issues: readonly number[]; repeats: readonly string[] },
  why: string,
): Promise<void> {
  const { github, repo, reportIssue } = input;
  const body = untickRepeats(untick(input.after, undone.issues), undone.repeats);
  await github.updateIssueBody(repo, reportIssue, body);
  const list = [
    ...undone.issues.map((n) => `#${String(n)}`),
    ...undone.repeats.map((series) => `\`${series}\``),
  ].join(", ");
  const nothing = [
    undone.issues.length > 0 ? "approved" : undefined,
    undone.repeats.length > 0 ? "adopted" : undefined,
  ]
    .filter(Boolean)
    .join(" or ");
  await github.createComment(
    repo,
    reportIssue,
    `@${input.editor.login} your tick on ${list} was undone: ${why}. Nothing was ${nothing}.`,
  );
}
