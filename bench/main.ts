import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { benchWorkspace, type WorkspaceBenchResult } from "./workspace.js";

/** `npm run bench`: speed and memory figures that unit tests must not assert on. */
const files = Number(process.env.BENCH_FILES ?? 5000);
const commits = Number(process.env.BENCH_COMMITS ?? 2000);

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const report = (where: string, ws: WorkspaceBenchResult) =>
  [
    `workspace preparation on ${where} (${ws.files} files, ${ws.commits} commits, pack ${ws.packMb.toFixed(1)} MB, file:// remote):`,
    `  full clone               ${ws.cloneMs.toFixed(0)} ms (median of ${rounds})`,
    `    of which not checkout  ${ws.cloneNoCheckoutMs.toFixed(0)} ms (transfer + index: what the mirror saves)`,
    `  first prepare (mirror)   ${ws.coldPrepareMs.toFixed(0)} ms (once per repository)`,
    `  prepare (cached mirror)  ${ws.warmPrepareMs.toFixed(0)} ms (median of ${rounds}; no-op fetch + checkout)`,
    `  ratio prepare / clone    ${ws.ratio.toFixed(2)}`,
  ].join("\n");

// The disk's speed at creating files decides the checkout both pay; memory (tmpfs) shows the
// work itself, the temporary directory what this host's disk makes of it.
const places = [
  ...(existsSync("/dev/shm") ? [{ where: "tmpfs (/dev/shm)", dir: "/dev/shm" }] : []),
  { where: `disk (${tmpdir()})`, dir: process.env.BENCH_DIR ?? tmpdir() },
];
for (const { where, dir } of places) {
  console.log(report(where, await benchWorkspace({ dir, files, commits, rounds })));
}
