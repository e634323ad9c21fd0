/**
 * vitest globalSetup: builds dist/ once for the whole suite (`npm run build`), before any test
 * file starts, so the tests that run the built server (test/e2e/operator-*, test/deploy/
 * container-run) share one build instead of each rebuilding dist/ while another reads it.
 * The build is skipped when dist/ is, byte for byte, what this setup last built from the same
 * sources (hashes of src/, the tsconfigs and package.json, and of dist/, kept outside dist/ so
 * the package stays as it ships): a dist/ built by hand from other sources is built again.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const INPUTS = ["tsconfig.json", "tsconfig.build.json", "package.json"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(path) : [path];
    })
    .sort();
}

function hashOf(files: string[]): string {
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/** Everything `npm run build` reads, and what it wrote. */
const buildHash = () =>
  hashOf([...INPUTS.map((name) => join(ROOT, name)), ...filesUnder(join(ROOT, "src"))]) +
  (existsSync(join(ROOT, "dist")) ? hashOf(filesUnder(join(ROOT, "dist"))) : "none");

/** Where the hash of the sources dist/ was last built from is kept: one file per checkout. */
const stampFile = (root: string) =>
  join(tmpdir(), `nightshift-dist-${createHash("sha256").update(root).digest("hex").slice(0, 16)}`);

export default async function buildOnce(): Promise<void> {
  const stamp = stampFile(ROOT);
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === buildHash()) return;
  await promisify(execFile)("npm", ["run", "build"], { cwd: ROOT });
  writeFileSync(stamp, buildHash());
}
