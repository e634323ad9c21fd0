import { deflateRawSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readArtifact } from "../../../src/backends/actions/artifact.js";
import { listZip, extractZipEntry } from "../../../src/backends/actions/zip-read.js";
import { writeZip } from "../../../src/backends/actions/zip-write.js";
import { RESULT_VERSION } from "../../../src/run/result.js";

const result = {
  version: RESULT_VERSION,
  agent: {
    status: "succeeded",
    exitCode: 0,
    signal: null,
    durationMs: 5,
    summary: "did it",
    cost: {},
  },
  gates: [],
};
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const caps = { maxBundleBytes: 1024 };

describe("zip", () => {
  it("round-trips stored and deflated entries", () => {
    const entries = [
      { name: "a.txt", data: Buffer.from("x".repeat(5000)) },
      { name: "b.bin", data: Buffer.from([1, 2, 3]) },
      { name: "empty", data: Buffer.alloc(0) },
    ];
    const zip = writeZip(entries);
    const listed = listZip(zip);
    expect(listed.map((entry) => [entry.name, entry.method])).toEqual([
      ["a.txt", 8],
      ["b.bin", 0],
      ["empty", 0],
    ]);
    expect(listed.map((entry) => extractZipEntry(zip, entry, 10_000))).toEqual(
      entries.map((e) => e.data),
    );
  });

  it("stops a bomb at the cap and catches entries that lie about themselves", () => {
    const zip = writeZip([{ name: "big", data: Buffer.alloc(10 * 1024 * 1024) }]);
    expect(zip.length).toBeLessThan(20_000);
    const [entry] = listZip(zip);
    if (!entry) throw new Error("no entry");
    expect(() => extractZipEntry(zip, entry, 1024 * 1024)).toThrow(/larger than/);
    // A central directory that understates the size: inflating stops one byte past it.
    expect(() => extractZipEntry(zip, { ...entry, size: 100 }, 1024 * 1024)).toThrow(
      /inflates past/,
    );
    expect(() => extractZipEntry(zip, { ...entry, crc: entry.crc ^ 1 }, 20 * 1024 * 1024)).toThrow(
      /checksum/,
    );
    expect(() => extractZipEntry(zip, { ...entry, flags: 1 }, 20 * 1024 * 1024)).toThrow(
      /encrypted/,
    );
    expect(() =>
      extractZipEntry(zip, { ...entry, offset: zip.length - 10 }, 20 * 1024 * 1024),
    ).toThrow();
    expect(() => listZip(Buffer.from("not a zip at all, not at all"))).toThrow(/not a zip/);
  });
});

describe("the artifact", () => {
  const good = (extra: { name: string; data: Buffer }[] = []) =>
    writeZip([
      { name: "result.json", data: json(result) },
      { name: "change.json", data: json({ version: 1, kind: "none" }) },
      ...extra,
    ]);

  it("gives the result and the change manifest", () => {
    expect(readArtifact(good(), caps)).toMatchObject({
      ok: true,
      change: { kind: "none" },
      result,
    });
  });

  it.each([
    [
      "a file it does not know",
      good([{ name: "../../etc/passwd", data: Buffer.from("x") }]),
      /files other than/,
    ],
    [
      "a result that fails the schema",
      writeZip([{ name: "result.json", data: json({ ...result, version: 2 }) }]),
      /result schema/,
    ],
    [
      "a result that is not JSON",
      writeZip([{ name: "result.json", data: Buffer.from("{") }]),
      /result schema/,
    ],
    [
      "no result",
      writeZip([{ name: "change.json", data: json({ version: 1, kind: "none" }) }]),
      /no result.json/,
    ],
    [
      "a bundle it does not announce",
      good([{ name: "change.bundle", data: Buffer.from("b") }]),
      /disagree/,
    ],
    [
      "an announced bundle that is missing",
      writeZip([
        { name: "result.json", data: json(result) },
        {
          name: "change.json",
          data: json({ version: 1, kind: "bundle", base: "a".repeat(40), commit: "b".repeat(40) }),
        },
      ]),
      /disagree/,
    ],
    [
      "a bundle over the cap",
      writeZip([
        { name: "result.json", data: json(result) },
        {
          name: "change.json",
          data: json({ version: 1, kind: "bundle", base: "a".repeat(40), commit: "b".repeat(40) }),
        },
        { name: "change.bundle", data: Buffer.alloc(4096) },
      ]),
      /larger than 1024/,
    ],
    ["a file named twice", good([{ name: "result.json", data: json(result) }]), /twice/],
    ["garbage", Buffer.from("PK\x05\x06 nothing"), /not a usable zip/],
  ])("refuses %s, without quoting it", (_name, zip, reason) => {
    const read = readArtifact(zip, caps);
    expect(read).toMatchObject({ ok: false, reason: expect.stringMatching(reason) as unknown });
    expect(JSON.stringify(read)).not.toContain("passwd");
  });

  it("never throws, whatever the bytes", () => {
    const valid = good();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(valid.length - 1), (noise, at) => {
        const mutated = Buffer.from(valid);
        mutated.set(noise.subarray(0, valid.length - at), at);
        expect(() => readArtifact(mutated, caps)).not.toThrow();
        expect(() => readArtifact(Buffer.from(noise), caps)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it("inflates nothing for a bomb hidden as result.json", () => {
    const bomb = deflateRawSync(Buffer.alloc(50 * 1024 * 1024));
    const zip = writeZip([{ name: "result.json", data: Buffer.alloc(1) }]);
    // Swap the tiny entry's body for the bomb would need offsets rewritten; instead declare a huge size.
    const [entry] = listZip(zip);
    expect(entry?.size).toBe(1);
    expect(bomb.length).toBeLessThan(100_000);
    const declared = Buffer.from(zip);
    const central = declared.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    declared.writeUInt32LE(50 * 1024 * 1024, central + 24);
    expect(readArtifact(declared, caps)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/larger than/) as unknown,
    });
  });
});
