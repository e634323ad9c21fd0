import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contributionNotes } from "../../src/run/prompt-inputs.js";
import { tempDir } from "../runner/helpers.js";

describe("the contribution notes a prompt carries", () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir("nightshift-notes-");
  });
  afterEach(() => {
    tmp.cleanup();
  });

  it("are read from the first path that holds a file inside the checkout, never through a link out", async () => {
    const checkout = join(tmp.path, "checkout");
    mkdirSync(join(checkout, ".github"), { recursive: true });
    mkdirSync(join(checkout, "docs"));
    writeFileSync(join(tmp.path, "secret.txt"), "the host's secret\n");
    symlinkSync(join(tmp.path, "secret.txt"), join(checkout, "CONTRIBUTING.md"));
    symlinkSync(tmp.path, join(checkout, ".github", "CONTRIBUTING.md"));
    writeFileSync(join(checkout, "docs", "NOTES.md"), "Write tests first.\n");
    expect(await contributionNotes(checkout)).toBeUndefined();
    symlinkSync("NOTES.md", join(checkout, "docs", "CONTRIBUTING.md"));
    expect(await contributionNotes(checkout)).toBe("Write tests first.\n");
  });
});
