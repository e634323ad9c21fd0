#!/usr/bin/env node
// The operator night's agent (test/e2e/operator-night.test.ts). No dependencies.
//
//   node tiny-agent.mjs <hangDir> <promptFile>     (cwd = the workspace)
//
// Reads `Repository: <owner/repo>` from the prompt's first line. While <hangDir>/<owner>.<repo>
// exists, an agent for that repository hangs until it is killed (two minutes at most, so a
// failed test leaks nothing); every other appends a line to the README and exits 0.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { setTimeout } from "node:timers";

const [hangDir, promptFile] = process.argv.slice(2);
const repo = /^Repository: (\S+)/.exec(readFileSync(promptFile, "utf8"))?.[1] ?? "unknown";
if (existsSync(join(hangDir, repo.replace("/", ".")))) {
  setTimeout(() => process.exit(3), 120_000);
} else {
  appendFileSync("README.md", `\nTouched by the night for ${repo}.\n`);
  process.stdout.write("appended a line to the README\n");
}
