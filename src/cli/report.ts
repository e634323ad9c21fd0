import type { HostConfig } from "../config/host-schema.js";
import { sessionFromJournal } from "../night/session-outcome.js";
import { reportData } from "../report/data.js";
import { renderMorningReport } from "../report/morning.js";
import { Journal } from "../store/journal.js";

/**
 * `nightshift report`: the last finished session's morning report (or `--session ID`'s), told
 * from the journal as the report pass told it, as Markdown per repository or `--json`. Exit 1
 * when there is none.
 */
export function reportCommand(
  host: HostConfig,
  options: { json: boolean; session?: string },
): number {
  const journal = Journal.open(host.dataDir);
  try {
    const session = options.session
      ? journal.session(options.session)
      : journal.lastFinishedSession();
    if (!session?.finishedAt) {
      console.error(
        options.session
          ? `no finished session "${options.session}" in ${journal.file}`
          : `no finished session in ${journal.file} yet`,
      );
      return 1;
    }
    const outcome = sessionFromJournal(journal, session.id, { now: new Date(session.finishedAt) });
    const nights = outcome.repos.filter((night) => night.runs.length + night.skipped.length > 0);
    console.log(
      options.json
        ? JSON.stringify(
            nights.map((night) => reportData(night, outcome)),
            null,
            2,
          )
        : nights.map((night) => renderMorningReport(night, outcome)).join("\n---\n\n"),
    );
    return 0;
  } finally {
    journal.close();
  }
}
