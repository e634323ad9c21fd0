import { describe, expect, it } from "vitest";
import { collaboratorRoster, roleLookup } from "../../src/night/roles.js";
import { FakeGitHub } from "./fake-port.js";
import { silentLogger } from "./silent-logger.js";

const ref = { owner: "acme", repo: "calc" };

function team(): FakeGitHub {
  const github = new FakeGitHub();
  github.roles.set("maya", "admin");
  github.roles.set("sam", "write");
  github.roles.set("tia", "triage");
  return github;
}

describe("collaboratorRoster", () => {
  it("is not worth a listing for one person", async () => {
    const github = team();
    expect(await collaboratorRoster(github, ref, new Set(["maya"]), silentLogger)).toBeUndefined();
    expect(github.calls).toEqual([]);
  });

  it("lists the collaborators when that takes no more pages than one lookup each", async () => {
    const github = team();
    const roster = await collaboratorRoster(github, ref, new Set(["maya", "x"]), silentLogger);
    expect(github.calls).toEqual(["listCollaboratorRoles max 2"]);
    const roleOf = roleLookup(github, ref, silentLogger, roster);
    expect(await Promise.all(["MAYA", "sam", "tia", "stranger"].map(roleOf))).toEqual([
      "admin",
      "write",
      "triage",
      "none",
    ]);
  });

  it.each([
    { case: "the listing is longer than the lookups", perPage: 1, error: null },
    { case: "the listing fails", perPage: 100, error: new Error("403") },
  ])("looks roles up one by one when $case", async ({ perPage, error }) => {
    const github = team();
    github.collaboratorsPerPage = perPage;
    github.collaboratorListingError = error;
    const roster = await collaboratorRoster(github, ref, new Set(["maya", "x"]), silentLogger);
    expect(roster).toBeUndefined();
    expect(await roleLookup(github, ref, silentLogger, roster)("sam")).toBe("write");
  });
});
