import { describe, expect, it } from "vitest";
import { COMMAND_TEXT, type CommandName } from "../../src/approval/commands.js";
import { commandVerdict, type Commander } from "../../src/approval/permissions.js";
import { roleLookup } from "../../src/night/roles.js";
import { silentLogger } from "./silent-logger.js";
import { FakeGitHub } from "./fake-port.js";

const COMMANDS = Object.keys(COMMAND_TEXT) as CommandName[];
const WRITE_COMMANDS = new Set<CommandName>([
  "approve",
  "approve-cancel",
  "hold",
  "unhold",
  "retry",
  "fix",
]);

/** Every kind of commenter the issue names, with what the permission API says about them. */
const PEOPLE: { who: string; commander: Commander; write: boolean; triage: boolean }[] = [
  {
    who: "admin",
    commander: { login: "a", type: "User", role: "admin" },
    write: true,
    triage: true,
  },
  {
    who: "maintain",
    commander: { login: "m", type: "User", role: "maintain" },
    write: true,
    triage: true,
  },
  {
    who: "write",
    commander: { login: "w", type: "User", role: "write" },
    write: true,
    triage: true,
  },
  {
    who: "triage",
    commander: { login: "t", type: "User", role: "triage" },
    write: false,
    triage: true,
  },
  {
    who: "read",
    commander: { login: "r", type: "User", role: "read" },
    write: false,
    triage: false,
  },
  {
    who: "none",
    commander: { login: "n", type: "User", role: "none" },
    write: false,
    triage: false,
  },
  // The author counts by their permission, never by having written the issue.
  {
    who: "author without write",
    commander: { login: "Codertocat", type: "User", role: "read" },
    write: false,
    triage: false,
  },
  {
    who: "a bot with admin",
    commander: { login: "ci[bot]", type: "Bot", role: "admin" },
    write: false,
    triage: false,
  },
  {
    who: "an app",
    commander: { login: "some-app[bot]", type: "Bot", role: "write" },
    write: false,
    triage: false,
  },
  // A private org member shows as CONTRIBUTOR in author_association; the permission API knows better.
  {
    who: "private org member (CONTRIBUTOR)",
    commander: { login: "priv", type: "User", role: "write" },
    write: true,
    triage: true,
  },
  {
    who: "configured approver without access",
    commander: { login: "Lead", type: "User", role: "read" },
    write: true,
    triage: true,
  },
];

describe("the permission matrix", () => {
  const cases = PEOPLE.flatMap((person) =>
    COMMANDS.map((command) => ({
      ...person,
      command,
      allowed: WRITE_COMMANDS.has(command) ? person.write : person.triage,
    })),
  );
  it.each(cases)("$command by $who → $allowed", ({ command, commander, allowed }) => {
    expect(commandVerdict(command, commander, ["lead"]).allowed).toBe(allowed);
  });

  it("explains a refusal with the access needed and the access held", () => {
    expect(commandVerdict("hold", { login: "t", type: "User", role: "triage" }, [])).toEqual({
      allowed: false,
      reason: "`/hold` needs write access to this repository; yours is triage",
    });
  });

  it("denies when the permission API fails: the lookup answers none", async () => {
    const github = new FakeGitHub();
    github.getRole = () => Promise.reject(new Error("502 Bad Gateway"));
    const roleOf = roleLookup(github, { owner: "acme", repo: "calc" }, silentLogger);
    const role = await roleOf("maya");
    expect(role).toBe("none");
    for (const command of COMMANDS) {
      expect(commandVerdict(command, { login: "maya", type: "User", role }, []).allowed).toBe(
        false,
      );
    }
  });
});
