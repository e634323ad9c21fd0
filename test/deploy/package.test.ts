import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

describe("the npm package", () => {
  it("packs the built app, app.yml, the schema and docs, and no tests", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: root,
    });
    const [packed] = JSON.parse(stdout) as { files: { path: string }[] }[];
    const paths = (packed?.files ?? []).map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "app.yml",
        ".env.example",
        "schema/nightshift.schema.json",
        "scripts/build.mjs",
      ]),
    );
    const allowed =
      /^(dist|docs|schema)\/|^(package\.json|README\.md|app\.yml|\.env\.example|scripts\/build\.mjs)$/;
    expect(paths.filter((path) => !allowed.test(path))).toEqual([]);
    expect(
      paths.filter((path) => /(^|\/)(test|tests|__tests__)\/|\.test\.|^src\//.test(path)),
    ).toEqual([]);
    // What `npm start` and the `nightshift` command run is in it (dist/ is built once for the
    // suite: test/support/build-once.ts).
    expect(paths).toEqual(expect.arrayContaining(["dist/main.js", pkg.bin.nightshift ?? ""]));
  });

  it("starts from dist/ and names a bin in it", () => {
    expect(pkg.scripts.start).toBe("node dist/main.js");
    expect(pkg.bin.nightshift).toBe("dist/cli/main.js");
  });
});

describe("scripts/build.mjs without TypeScript (npm ci --omit=dev)", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A checkout with no node_modules: TypeScript cannot be found from its scripts/. */
  const bareCheckout = (withDist: boolean) => {
    dir = mkdtempSync(join(tmpdir(), "nightshift-build-"));
    mkdirSync(join(dir, "scripts"));
    copyFileSync(join(root, "scripts/build.mjs"), join(dir, "scripts/build.mjs"));
    mkdirSync(join(dir, "src"));
    copyFileSync(join(root, "src/main.ts"), join(dir, "src/main.ts"));
    if (withDist) {
      mkdirSync(join(dir, "dist"));
      copyFileSync(join(root, "package.json"), join(dir, "dist/main.js"));
    }
    return join(dir, "scripts/build.mjs");
  };
  const outcome = (script: string, mode: string) =>
    run(process.execPath, [script, mode]).then(
      ({ stderr }) => ({ code: 0, stderr }),
      (error: unknown) => {
        const { code, stderr } = error as { code: number; stderr: string };
        return { code, stderr };
      },
    );

  it("prepare: says why it does not build, and lets the install succeed", async () => {
    const result = await outcome(bareCheckout(false), "prepare");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("npm ci && npm run build && npm prune --omit=dev");
  });

  it("start: runs an existing build", async () => {
    expect(await outcome(bareCheckout(true), "start")).toEqual({ code: 0, stderr: "" });
  });

  it("start: with nothing built, says how to build instead of a missing-tsc error", async () => {
    const result = await outcome(bareCheckout(false), "start");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("dist/ is missing and TypeScript is not installed");
  });
});
