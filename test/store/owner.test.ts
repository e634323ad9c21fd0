import { describe, expect, it } from "vitest";
import { ownerAliveCheck, parseOwnerId } from "../../src/store/owner.js";

const self = "vm:100:2026-11-30T01:00:00.000Z";
const check = ownerAliveCheck(self, { host: "vm", pid: 100, alive: (pid) => pid === 200 });

describe("whether an owner is still alive", () => {
  it.each([
    ["this process", self, true],
    ["no owner recorded (an older journal)", null, false],
    ["a live process of this host", "vm:200:2026-11-30T00:00:00.000Z", true],
    ["a dead process of this host", "vm:300:2026-11-30T00:00:00.000Z", false],
    [
      "an earlier process that had this pid (a container's pid 1)",
      "vm:100:2026-11-29T00:00:00.000Z",
      false,
    ],
    ["a process of another host: left alone", "other:300:2026-11-30T00:00:00.000Z", true],
    ["an id of another shape: left alone", "scheduler-a", true],
  ])("%s", (_name, owner, alive) => {
    expect(check(owner)).toBe(alive);
  });

  it("reads host and pid from an id whose start time has colons", () => {
    expect(parseOwnerId("vm:42:2026-11-30T01:02:03.000Z")).toEqual({ host: "vm", pid: 42 });
    expect(parseOwnerId("vm")).toBeNull();
  });
});
