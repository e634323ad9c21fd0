import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateChange, type ChangeLimits, type Violation } from "../../src/runner/accept.js";
import type { ChangeEntry } from "../../src/runner/change-entry.js";
import { describeViolation, describeViolations } from "../../src/runner/violation-text.js";

const LIMITS: ChangeLimits = {
  maxFiles: 5,
  maxTotalBytes: 100,
  maxFileBytes: 50,
  protectedPaths: [".github/workflows/**"],
};

// Built at run time so no secret scanner takes the fixtures for real keys.
const GHS = ["ghs", "0123456789abcdefghijABCDEFGHIJ012345"].join("_");
const PEM_HEADER = ["-----BEGIN RSA PRIVATE", "KEY-----"].join(" ");
const PEM_FOOTER = ["-----END RSA PRIVATE", "KEY-----"].join(" ");

const file = (path: string, size: number, fields: Partial<ChangeEntry> = {}): ChangeEntry => ({
  path,
  change: "added",
  kind: "file",
  size,
  hardLinked: false,
  ...fields,
});

const link = (path: string, target: string, fields: Partial<ChangeEntry> = {}): ChangeEntry =>
  file(path, Buffer.byteLength(target), { kind: "symlink", linkTarget: target, ...fields });

/** A reader over in-memory files; any other path is an error (nothing else may be read). */
function reader(files: Record<string, string | Uint8Array>) {
  return (path: string): Promise<Uint8Array> => {
    const content = files[path];
    if (content === undefined) return Promise.reject(new Error(`unexpected read of ${path}`));
    return Promise.resolve(typeof content === "string" ? Buffer.from(content) : content);
  };
}

/** Entries whose files hold `content`, with a reader for them. */
function withContent(files: Record<string, string>) {
  const entries = Object.entries(files).map(([path, text]) => file(path, Buffer.byteLength(text)));
  return { entries, read: reader(files) };
}

describe("validateChange", () => {
  const accepted: [string, ChangeEntry[], Record<string, string | Uint8Array>][] = [
    ["an empty change", [], {}],
    [
      "ordinary edits",
      [
        file("src/sum.js", 12, { change: "modified", previousKind: "file" }),
        file("README.md", 0, { change: "deleted" }),
        file("bin/run.sh", 10, { change: "mode", kind: "executable", previousKind: "file" }),
      ],
      { "src/sum.js": "a + b // ok\n" },
    ],
    [
      "symlinks that stay inside",
      [
        link("docs/readme", "../README.md"),
        link("a/b/c", "../../x/./y"),
        link("top", "src/sum.js"),
      ],
      {},
    ],
    [
      "a binary file with a token after a NUL byte",
      [file("image.bin", 10 + GHS.length)],
      { "image.bin": Buffer.concat([Buffer.from("\0binary\0\0\0"), Buffer.from(GHS)]) },
    ],
    [
      "a path next to the protected ones",
      [file(".github/dependabot.yml", 3), file(".github/workflows-notes.md", 3)],
      { ".github/dependabot.yml": "x\n\n", ".github/workflows-notes.md": "y\n\n" },
    ],
    [
      "a hard link that only changes mode",
      [file("a", 1, { change: "mode", hardLinked: true })],
      {},
    ],
  ];

  it.each(accepted)("accepts %s", async (_name, entries, files) => {
    expect(await validateChange(entries, LIMITS, reader(files))).toEqual({ ok: true });
  });

  const many = Array.from({ length: 6 }, (_, i) => file(`f${i}`, 1));
  const refused: [string, ChangeEntry[], Record<string, string>, Violation[]][] = [
    ["too many files", many, {}, [{ kind: "too-many-files", count: 6, limit: 5 }]],
    [
      "too many bytes (and reads nothing)",
      [file("a", 40), file("b", 40), file("c", 40)],
      {},
      [{ kind: "too-many-bytes", total: 120, limit: 100 }],
    ],
    [
      "a file too big (and does not read it)",
      [file("big.txt", 51)],
      {},
      [{ kind: "file-too-big", path: "big.txt", size: 51, limit: 50 }],
    ],
    [
      "an absolute symlink",
      [link("passwd", "/etc/passwd")],
      {},
      [{ kind: "symlink-escapes", path: "passwd", target: "/etc/passwd" }],
    ],
    [
      "a symlink climbing out",
      [link("a/up", "../../etc")],
      {},
      [{ kind: "symlink-escapes", path: "a/up", target: "../../etc" }],
    ],
    [
      "a symlink climbing back through a name",
      [link("a/up", "b/../..")],
      {},
      [{ kind: "symlink-escapes", path: "a/up", target: "b/../.." }],
    ],
    [
      "a symlink to a Windows drive",
      [link("w", "C:\\Windows")],
      {},
      [{ kind: "symlink-escapes", path: "w", target: "C:\\Windows" }],
    ],
    [
      "a hard link",
      [file("copy.md", 2, { hardLinked: true })],
      { "copy.md": "x\n" },
      [{ kind: "hard-link", path: "copy.md" }],
    ],
    [
      "a removed submodule",
      [file("vendor/sub", 0, { change: "deleted", kind: "submodule" })],
      {},
      [{ kind: "submodule", path: "vendor/sub" }],
    ],
    [
      "a submodule replaced by a file",
      [file("vendor/sub", 2, { change: "modified", previousKind: "submodule" })],
      { "vendor/sub": "x\n" },
      [{ kind: "submodule", path: "vendor/sub" }],
    ],
    [
      "a .gitmodules edit",
      [file(".gitmodules", 2, { change: "modified", previousKind: "file" })],
      { ".gitmodules": "x\n" },
      [{ kind: "submodule", path: ".gitmodules" }],
    ],
    [
      "a nested repository",
      [file("vendor/lib/.git", 0, { kind: "other" })],
      {},
      [{ kind: "git-dir", path: "vendor/lib/.git" }],
    ],
    [
      "a file inside a nested .GIT",
      [file("x/.GIT/config", 2)],
      { "x/.GIT/config": "x\n" },
      [{ kind: "git-dir", path: "x/.GIT/config" }],
    ],
    ["a fifo", [file("pipe", 0, { kind: "other" })], {}, [{ kind: "special-file", path: "pipe" }]],
    [
      "a name that is not UTF-8",
      [file("bad-\uFFFD", 0, { kind: "other", invalidName: true })],
      {},
      [{ kind: "invalid-name", path: "bad-\uFFFD" }],
    ],
    [
      "a workflow",
      [file(".github/workflows/ci.yml", 2)],
      { ".github/workflows/ci.yml": "x\n" },
      [
        {
          kind: "protected-path",
          path: ".github/workflows/ci.yml",
          pattern: ".github/workflows/**",
        },
      ],
    ],
    [
      "a deleted workflow, whatever its case",
      [file(".GitHub/Workflows/ci.yml", 0, { change: "deleted" })],
      {},
      [
        {
          kind: "protected-path",
          path: ".GitHub/Workflows/ci.yml",
          pattern: ".github/workflows/**",
        },
      ],
    ],
    [
      "a token in the content",
      [file("config.js", `x=1\nt=${GHS}\n`.length)],
      { "config.js": `x=1\nt=${GHS}\n` },
      [
        {
          kind: "credential",
          path: "config.js",
          credential: "github-token",
          found: "content",
          line: 2,
        },
      ],
    ],
    [
      "a token as a file name",
      [file(`keys/${GHS}`, 0)],
      { [`keys/${GHS}`]: "" },
      [{ kind: "credential", path: `keys/${GHS}`, credential: "github-token", found: "name" }],
    ],
    [
      "a token as a symlink target",
      [link("t", GHS.slice(0, 40))],
      {},
      [{ kind: "credential", path: "t", credential: "github-token", found: "link-target" }],
    ],
  ];

  it.each(refused)("refuses %s", async (_name, entries, files, violations) => {
    expect(await validateChange(entries, LIMITS, reader(files))).toEqual({ ok: false, violations });
  });

  it("reports every violation, in the order of the entries", async () => {
    const entries = [link("a", "/etc"), file(".github/workflows/x.yml", 1, { hardLinked: true })];
    const result = await validateChange(
      entries,
      LIMITS,
      reader({ ".github/workflows/x.yml": "x" }),
    );
    expect(result.ok ? [] : result.violations.map((v) => v.kind)).toEqual([
      "symlink-escapes",
      "hard-link",
      "protected-path",
    ]);
  });

  it("finds a PEM private key block in an edited file", async () => {
    const key = `${PEM_HEADER}\nMIIEowIBAAKCAQEA\n${PEM_FOOTER}\n`;
    const { entries, read } = withContent({ "deploy/id_rsa": key });
    const limits = { ...LIMITS, maxFileBytes: 1000, maxTotalBytes: 1000 };
    expect(await validateChange(entries, limits, read)).toMatchObject({
      ok: false,
      violations: [{ kind: "credential", credential: "private-key", line: 1 }],
    });
  });
});

describe("describeViolation", () => {
  it("says what was refused in a line", () => {
    expect(
      describeViolation({
        kind: "protected-path",
        path: ".github/workflows/ci.yml",
        pattern: ".github/workflows/**",
      }),
    ).toBe("`.github/workflows/ci.yml` is a protected path (`.github/workflows/**`)");
    expect(describeViolation({ kind: "too-many-files", limit: 500 })).toBe(
      "more than 500 files changed",
    );
    expect(
      describeViolation({
        kind: "file-too-big",
        path: "a.bin",
        size: 6 * 2 ** 20,
        limit: 5 * 2 ** 20,
      }),
    ).toBe("`a.bin` is 6.0 MB, more than the 5.0 MB a file may be");
    expect(
      describeViolation({
        kind: "credential",
        path: "a.js",
        credential: "aws-access-key",
        found: "content",
        line: 3,
      }),
    ).toBe("`a.js` holds what looks like an AWS access key on line 3");
  });

  it("never repeats a credential-shaped name, and escapes control characters", () => {
    const text = describeViolation({
      kind: "credential",
      path: `k/${GHS}`,
      credential: "github-token",
      found: "name",
    });
    expect(text).not.toContain(GHS);
    expect(text).toContain("[redacted github-token]");
    expect(describeViolation({ kind: "hard-link", path: "a\nb`c" })).toBe(
      '"a\\nb`c" is a hard link',
    );
  });

  it("lists the first few and counts the rest", () => {
    const violations: Violation[] = ["a", "b", "c", "d", "e"].map((path) => ({
      kind: "hard-link",
      path,
    }));
    expect(describeViolations(violations)).toBe(
      "`a` is a hard link; `b` is a hard link; `c` is a hard link; and 2 more",
    );
  });
});

describe("validateChange properties", () => {
  const kinds = ["file", "executable", "symlink", "submodule", "other"] as const;
  const entry: fc.Arbitrary<ChangeEntry> = fc.record(
    {
      path: fc.string({ minLength: 1 }),
      change: fc.constantFrom("added", "modified", "deleted", "mode"),
      kind: fc.constantFrom(...kinds),
      size: fc.nat({ max: 200 }),
      linkTarget: fc.string(),
      hardLinked: fc.boolean(),
      previousKind: fc.constantFrom(...kinds),
      invalidName: fc.constant(true as const),
    },
    { requiredKeys: ["path", "change", "kind", "size", "hardLinked"] },
  );
  const limits: fc.Arbitrary<ChangeLimits> = fc.record({
    maxFiles: fc.integer({ min: 1, max: 20 }),
    maxTotalBytes: fc.integer({ min: 1, max: 1000 }),
    maxFileBytes: fc.integer({ min: 1, max: 300 }),
    protectedPaths: fc.array(fc.constantFrom(".github/workflows/**", "**/*.pem", "docs/*", "[a-")),
  });

  it("never throws, whatever the entries and content", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { maxLength: 30 }),
        limits,
        fc.uint8Array(),
        async (entries, lim, bytes) => {
          const result = await validateChange(entries, lim, () => Promise.resolve(bytes));
          expect(typeof result.ok).toBe("boolean");
        },
      ),
    );
  });

  const alnum = (length: number, chars: string) =>
    fc.string({
      unit: fc.constantFrom(...Array.from(chars)),
      minLength: length,
      maxLength: length,
    });
  const LOWER = "abcdefghijklmnopqrstuvwxyz";
  const UPPER = LOWER.toUpperCase();
  const DIGITS = "0123456789";
  const credential = fc.oneof(
    alnum(36, LOWER + UPPER + DIGITS).map((tail) => `ghs_${tail}`),
    alnum(16, UPPER + DIGITS).map((tail) => `AKIA${tail}`),
    alnum(64, LOWER + UPPER + DIGITS + "+/").map((body) => `${PEM_HEADER}\n${body}\n${PEM_FOOTER}`),
  );
  const text = fc.string({ maxLength: 200 }).map((s) => s.replaceAll("\0", ""));

  it("never accepts a text file holding a credential-shaped string", async () => {
    const roomy = {
      maxFiles: 100,
      maxTotalBytes: 100_000,
      maxFileBytes: 10_000,
      protectedPaths: [],
    };
    await fc.assert(
      fc.asyncProperty(
        text,
        credential,
        text,
        fc.constantFrom("added", "modified") as fc.Arbitrary<ChangeEntry["change"]>,
        fc.array(entry, { maxLength: 5 }),
        async (before, secret, after, change, others) => {
          const content = `${before}\n${secret} ${after}`;
          const leaking = file("leak.txt", Buffer.byteLength(content), { change });
          const result = await validateChange([...others, leaking], roomy, (path) =>
            Promise.resolve(Buffer.from(path === "leak.txt" ? content : "")),
          );
          expect(result.ok).toBe(false);
          const alone = await validateChange([leaking], roomy, () =>
            Promise.resolve(Buffer.from(content)),
          );
          expect(alone.ok ? [] : alone.violations.map((v) => v.kind)).toContain("credential");
        },
      ),
    );
  });
});
