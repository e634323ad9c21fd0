import { accessSync, constants } from "node:fs";
import { join } from "node:path";

/**
 * Where the bot looks up the host tools it runs itself (git, systemd-inhibit, caffeinate), and
 * the PATH those tools get. Never the inherited PATH: a hostile agent of the same user could
 * have put a `git` of its own in front of it (`~/.local/bin`, a profile, the working directory).
 */
export const SAFE_PATH = "/usr/bin:/bin:/usr/local/bin";

/** The first executable of that name in SAFE_PATH, or undefined. */
export function findOnSafePath(binary: string): string | undefined {
  for (const dir of SAFE_PATH.split(":")) {
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
