import type { HostConfig } from "../config/host-schema.js";
import { accuracy } from "../learn/accuracy.js";
import { estimateMetric } from "../night/calibration.js";
import { accuracyTable } from "../report/accuracy-table.js";
import { Journal } from "../store/journal.js";

/**
 * `nightshift stats`: every recorded run's estimate against its actual, per category and
 * agent, with the success rate, from the journal (`--json` for the rows).
 */
export function statsCommand(host: HostConfig, options: { json: boolean }): number {
  const journal = Journal.open(host.dataDir);
  try {
    const history = journal.learned.history();
    const metric = estimateMetric(host);
    const rows = accuracy(history, { metric });
    if (options.json) {
      console.log(JSON.stringify({ metric, minRuns: host.calibration.minRuns, rows }, null, 2));
      return 0;
    }
    if (rows.length === 0) {
      console.log(`no finished runs recorded in ${journal.file} yet`);
      return 0;
    }
    const succeeded = history.filter((run) => run.succeeded).length;
    console.log(
      [
        `${history.length} runs, ${Math.round((100 * succeeded) / history.length)} % shipped. Planning uses a category's median once ${host.calibration.minRuns} runs like a task's reported a figure.`,
        "",
        ...accuracyTable(rows, metric),
      ].join("\n"),
    );
    return 0;
  } finally {
    journal.close();
  }
}
