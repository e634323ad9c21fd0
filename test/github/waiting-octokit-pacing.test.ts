import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WaitingOctokit } from "../../src/github/waiting-octokit.js";

interface Sent {
  method: string;
  path: string;
  at: number;
}

/** A WaitingOctokit whose requests are answered at once and logged with the (fake) time sent. */
function recordingOctokit(id: string): {
  octokit: InstanceType<typeof WaitingOctokit>;
  sent: Sent[];
} {
  const sent: Sent[] = [];
  const fetch = (url: string | URL, init?: RequestInit) => {
    sent.push({ method: init?.method ?? "GET", path: new URL(url).pathname, at: Date.now() });
    return Promise.resolve(
      new Response(JSON.stringify({ id: sent.length }), {
        status: 201,
        headers: { "content-type": "application/json" },
      }),
    );
  };
  // The throttling plugin's limiters live as long as the process: one id a test, each test's
  // fake clock its own. WaitingOctokit's own handlers replace these; the type asks for them.
  const throttle = { id, onRateLimit: () => false, onSecondaryRateLimit: () => false };
  const octokit = new WaitingOctokit({ throttle, request: { fetch } });
  return { octokit, sent };
}

const gaps = (sent: readonly Sent[]): number[] =>
  sent.slice(1).map((s, k) => s.at - (sent[k]?.at ?? s.at));

describe("WaitingOctokit's pacing of writes", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends content-creating requests at least a second apart, comments three seconds apart", async () => {
    const { octokit, sent } = recordingOctokit("pacing-burst");
    const repo = { owner: "acme", repo: "parser" };
    // A night collecting its runs at once: 30 comments asked for first, then 60 labels. With
    // the throttling plugin's own order the comments took the first write slots and went out
    // one every 3 s among the labels: 80 in a minute.
    const comments = Array.from({ length: 30 }, (_, k) =>
      octokit.rest.issues.createComment({ ...repo, issue_number: k + 1, body: "It failed." }),
    );
    const labels = Array.from({ length: 60 }, (_, k) =>
      octokit.rest.issues.setLabels({ ...repo, issue_number: k + 1, labels: ["nightshift"] }),
    );
    await vi.advanceTimersByTimeAsync(300_000);
    await Promise.all([...comments, ...labels]);

    expect(sent).toHaveLength(90);
    // Bottleneck spaces the starts of its jobs; a send follows its job's start by a moment.
    expect(Math.min(...gaps(sent))).toBeGreaterThanOrEqual(990);
    const sentComments = sent.filter((s) => s.path.endsWith("/comments"));
    expect(Math.min(...gaps(sentComments))).toBeGreaterThanOrEqual(2_990);
  });

  it("does not space reads", async () => {
    const { octokit, sent } = recordingOctokit("pacing-reads");
    const reads = Array.from({ length: 5 }, (_, k) =>
      octokit.rest.issues.get({ owner: "acme", repo: "parser", issue_number: k + 1 }),
    );
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(reads);

    expect(sent).toHaveLength(5);
    expect(Math.max(...gaps(sent))).toBeLessThan(100);
  });
});
