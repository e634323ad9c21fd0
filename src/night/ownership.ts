import { hostname } from "node:os";
import { join } from "node:path";
import { LOCK_FILE, readHolder } from "../store/lock.js";
import { ownerIdOf } from "../store/lock-owner.js";
import { ownerAliveCheck, processOwnerId, type IsOwnerAlive } from "../store/owner.js";

export interface Ownership {
  ownerId: string;
  isOwnerAlive: IsOwnerAlive;
}

/**
 * Who this process is to the journal, and who else may still be alive. When it holds the data
 * directory's lock (`npm start`, `run --now`), its id is the lock's and every other owner is
 * gone: one process owns a data directory. Without the lock (tests, embedding), the process's
 * own `host:pid:startedAt`, and a pid check for the others. Explicit options win.
 */
export function ownership(
  dataDir: string,
  given: { ownerId?: string; isOwnerAlive?: IsOwnerAlive },
): Ownership {
  if (given.ownerId !== undefined) {
    return {
      ownerId: given.ownerId,
      isOwnerAlive: given.isOwnerAlive ?? ownerAliveCheck(given.ownerId),
    };
  }
  const holder = readHolder(join(dataDir, LOCK_FILE))?.owner;
  if (holder && holder.host === hostname() && holder.pid === process.pid) {
    const ownerId = ownerIdOf(holder);
    return { ownerId, isOwnerAlive: given.isOwnerAlive ?? ((other) => other === ownerId) };
  }
  const ownerId = processOwnerId();
  return { ownerId, isOwnerAlive: given.isOwnerAlive ?? ownerAliveCheck(ownerId) };
}
