import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { constraintProblems, onAcPower } from "../../src/health/host-constraints.js";

let dir: string;
const supply = (name: string, type: string, online?: string) => {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, "type"), `${type}\n`);
  if (online !== undefined) writeFileSync(join(dir, name, "online"), `${online}\n`);
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nightshift-power-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("onAcPower", () => {
  it("is true when a mains supply is online", async () => {
    supply("BAT0", "Battery");
    supply("AC", "Mains", "1");
    expect(await onAcPower(dir)).toBe(true);
  });

  it("is false on battery", async () => {
    supply("BAT0", "Battery");
    supply("AC", "Mains", "0");
    expect(await onAcPower(dir)).toBe(false);
  });

  it("cannot tell without a mains supply or the directory", async () => {
    supply("BAT0", "Battery");
    expect(await onAcPower(dir)).toBeNull();
    expect(await onAcPower(join(dir, "missing"))).toBeNull();
  });
});

describe("constraintProblems", () => {
  it("stops new runs on battery only when the operator asked for AC power", async () => {
    supply("AC", "Mains", "0");
    expect(await constraintProblems({ requireAcPower: true }, dir)).toEqual([
      "on battery power (requireAcPower is set)",
    ]);
    expect(await constraintProblems({ requireAcPower: false }, dir)).toEqual([]);
  });
});
