import { describe, expect, it } from "vitest";
import { installationClients } from "../../src/github/installation-clients.js";
import type { Octokit } from "../../src/github/octokit/client.js";

/** A stand-in client per call, so reuse shows as the same object. */
function counting(fail: ReadonlySet<number> = new Set()) {
  const made: number[] = [];
  const auth = (id: number): Promise<Octokit> => {
    made.push(id);
    if (fail.has(id)) return Promise.reject(new Error(`no installation ${String(id)}`));
    return Promise.resolve({ id, n: made.length } as unknown as Octokit);
  };
  return { auth, made };
}

describe("installation clients reused across webhook jobs", () => {
  it("makes one client per installation while it is fresh, a new one once it is not", async () => {
    let now = 0;
    const { auth, made } = counting();
    const clientOf = installationClients(auth, { ttlMs: 1_000, now: () => now });
    const first = await clientOf(1);
    expect(await clientOf(1)).toBe(first);
    expect(await clientOf(2)).not.toBe(first);
    now = 999;
    expect(await clientOf(1)).toBe(first);
    now = 1_000;
    expect(await clientOf(1)).not.toBe(first);
    expect(made).toEqual([1, 2, 1]);
  });

  it("keeps no failed auth: the next job asks again", async () => {
    const { auth, made } = counting(new Set([7]));
    const clientOf = installationClients(auth);
    await expect(clientOf(7)).rejects.toThrow("no installation 7");
    await expect(clientOf(7)).rejects.toThrow("no installation 7");
    expect(made).toEqual([7, 7]);
  });

  it("keeps at most `max` installations, dropping the oldest first", async () => {
    const { auth, made } = counting();
    const clientOf = installationClients(auth, { max: 2 });
    await clientOf(1);
    await clientOf(2);
    await clientOf(3);
    await clientOf(3);
    await clientOf(2);
    await clientOf(1);
    expect(made).toEqual([1, 2, 3, 1]);
  });
});
