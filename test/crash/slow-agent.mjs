#!/usr/bin/env node
// An agent for the crash suite's `sandbox: none` night. No dependencies.
//
//   node test/crash/slow-agent.mjs <ledgerDir> <promptFile>     (cwd = the workspace)
//
// Appends its pid to a ledger per issue (named after the prompt file: one per run, the attempt
// dropped). If an agent recorded there earlier is still alive, it notes the overlap. The one
// agent that takes the `hang` token from <ledgerDir> hangs until it is killed (two minutes at
// most); every other edits the README and exits 0.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import process from "node:process";
import { setTimeout } from "node:timers";

const [dir, promptFile] = process.argv.slice(2);
const issue = basename(promptFile)
  .replace(/\.prompt\.md$/, "")
  .replace(/\.attempt-\d+$/, "");
const ledger = join(dir, issue);
const earlier = existsSync(ledger)
  ? readFileSync(ledger, "utf8").split("\n").filter(Boolean).map(Number)
  : [];
/** Running: signalable and not a zombie (an orphan killed before its parent reaped it). */
function running(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}
for (const pid of earlier.filter(running)) {
  appendFileSync(join(dir, "overlaps"), `${issue} ${pid} ${process.pid}\n`);
}
appendFileSync(ledger, `${process.pid}\n`);
let hang = false;
try {
  renameSync(join(dir, "hang"), join(dir, `hung-by-${issue}`));
  hang = true;
} catch {
  // another agent took the token, or there is none
}
if (hang) {
  // Hangs until killed; gives up by itself after two minutes so a failed test leaks nothing.
  setTimeout(() => process.exit(3), 120_000);
} else {
  writeFileSync("README.md", `${readFileSync("README.md", "utf8")}\nDone by ${issue}.\n`);
  process.stdout.write("edited the README\n");
}
