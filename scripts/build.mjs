#!/usr/bin/env node
// Builds dist/ when TypeScript is installed, so one package.json serves both a development
// checkout (npm ci builds in `prepare`, npm start rebuilds in `prestart`) and a production
// install without devDependencies (npm ci --omit=dev), where TypeScript is absent:
//   node scripts/build.mjs prepare   build if possible, else say why not and succeed
//   node scripts/build.mjs start     build if possible; else run the existing dist/, or explain
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";

const mode = process.argv[2] === "start" ? "start" : "prepare";
const root = fileURLToPath(new URL("..", import.meta.url));
const built = existsSync(new URL("../dist/main.js", import.meta.url));
const hasSources = existsSync(new URL("../src/main.ts", import.meta.url));

let tsc = null;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  // A production install: devDependencies omitted.
}

if (tsc && hasSources) {
  const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  process.exit(result.status ?? 1);
}
if (built || mode === "prepare") {
  if (!built) {
    process.stderr.write(
      "nightshift: TypeScript is not installed (devDependencies omitted), so dist/ was not built.\n" +
        "  To install for production from a checkout: npm ci && npm run build && npm prune --omit=dev\n",
    );
  }
  process.exit(0);
}
process.stderr.write(
  "nightshift: dist/ is missing and TypeScript is not installed, so there is nothing to start.\n" +
    "  Build first: npm ci && npm run build && npm prune --omit=dev (then npm start), or use the\n" +
    "  Docker image.\n",
);
process.exit(1);
