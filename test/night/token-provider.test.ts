import { describe, expect, it } from "vitest";
import { TOKEN_MAX_AGE_MS, tokenProvider } from "../../src/github/token-provider.js";

function fakeClock(start: string) {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("tokenProvider", () => {
  it("mints on first use, reuses the token, and re-mints it once it is 50 minutes old", async () => {
    const clock = fakeClock("2026-11-22T23:00:00Z");
    let minted = 0;
    const token = tokenProvider(() => Promise.resolve(`ghs_${++minted}`), clock);
    expect(await token()).toBe("ghs_1");
    clock.advance(TOKEN_MAX_AGE_MS - 1);
    expect(await token()).toBe("ghs_1");
    clock.advance(1);
    expect(await token()).toBe("ghs_2");
    clock.advance(3 * 60 * 60_000);
    expect(await token()).toBe("ghs_3");
    expect(minted).toBe(3);
  });

  it("tries again after a failed mint instead of keeping the failure", async () => {
    const clock = fakeClock("2026-11-22T23:00:00Z");
    let calls = 0;
    const token = tokenProvider(
      () => (++calls === 1 ? Promise.reject(new Error("502")) : Promise.resolve("ghs_ok")),
      clock,
    );
    await expect(token()).rejects.toThrow("502");
    expect(await token()).toBe("ghs_ok");
  });
});
