import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ownership } from "../../src/night/ownership.js";
import { acquireDataDirLock } from "../../src/store/lock.js";
import { processOwnerId } from "../../src/store/owner.js";
import { systemClock } from "../../src/types.js";
import { silentLogger } from "../unit/silent-logger.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nightshift-ownership-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("who a session is to the journal", () => {
  it("is the data directory lock's owner when this process holds it; every other owner is gone", () => {
    const held = acquireDataDirLock(dir, {
      role: "server",
      clock: systemClock,
      logger: silentLogger,
    });
    if (!held.ok) throw new Error("the lock was not taken");
    try {
      const { ownerId, isOwnerAlive } = ownership(dir, {});
      expect(ownerId).toBe(held.lock.ownerId);
      expect(isOwnerAlive(ownerId)).toBe(true);
      expect(isOwnerAlive(processOwnerId())).toBe(false);
      expect(isOwnerAlive(null)).toBe(false);
    } finally {
      held.lock.release();
    }
  });

  it("is this process's own id without a lock, with a pid check for the others", () => {
    const { ownerId, isOwnerAlive } = ownership(dir, {});
    expect(ownerId).toBe(processOwnerId());
    expect(isOwnerAlive(ownerId)).toBe(true);
    expect(isOwnerAlive("another-host:1:2026-01-01T00:00:00.000Z")).toBe(true);
    expect(isOwnerAlive(null)).toBe(false);
  });

  it("takes what the caller gives", () => {
    const { ownerId, isOwnerAlive } = ownership(dir, {
      ownerId: "h:1:t",
      isOwnerAlive: () => false,
    });
    expect(ownerId).toBe("h:1:t");
    expect(isOwnerAlive(ownerId)).toBe(false);
  });
});
