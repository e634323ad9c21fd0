import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/errors.js";
import { loadHostConfig } from "../../src/config/load.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nightshift-host-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("loading the host config", () => {
  it("takes a missing file (a fresh volume) as the built-in defaults, with a notice", async () => {
    const notices: string[] = [];
    const file = join(dir, "host.yml");
    const host = await loadHostConfig(file, { env: {}, notice: (m) => notices.push(m) });
    expect(host.dataDir).toBe(".nightshift");
    expect(host.agents).toEqual({});
    expect(notices).toEqual([
      `host config ${file} does not exist: using the built-in defaults (no agents, so nothing runs until you write one; see docs/configuration.md)`,
    ]);
  });

  it("puts the data directory at NIGHTSHIFT_DATA_DIR unless the file names one", async () => {
    const env = { NIGHTSHIFT_DATA_DIR: "/data" };
    const file = join(dir, "host.yml");
    expect((await loadHostConfig(file, { env })).dataDir).toBe("/data");
    expect((await loadHostConfig(undefined, { env })).dataDir).toBe("/data");
    writeFileSync(file, "maxConcurrent: 2\n");
    expect((await loadHostConfig(file, { env })).dataDir).toBe("/data");
    writeFileSync(file, "");
    expect((await loadHostConfig(file, { env })).dataDir).toBe("/data");
    writeFileSync(file, "dataDir: /srv/nightshift\n");
    expect((await loadHostConfig(file, { env })).dataDir).toBe("/srv/nightshift");
  });

  it("names the file when it cannot be read", async () => {
    const error = await loadHostConfig(dir, { env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`${dir} is not valid`);
  });

  it("still rejects a file that does not validate", async () => {
    const file = join(dir, "host.yml");
    writeFileSync(file, "maxConcurrent: many\n");
    await expect(loadHostConfig(file, { env: {} })).rejects.toThrow(/maxConcurrent/);
  });
});
