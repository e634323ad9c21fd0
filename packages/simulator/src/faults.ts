/**
 * Injected failures: the next `times` REST requests matching a pattern fail the way GitHub
 * fails (server errors, primary and secondary rate limits), so retry and throttling paths can be
 * exercised against the real client stack.
 */

export interface FaultSpec {
  method?: string;
  /** Tested against the REST path without the `/api/v3` prefix and without the query string. */
  pathPattern: RegExp;
  status: 502 | 500 | 403 | 429;
  times: number;
  secondaryRateLimit?: boolean;
  /**
   * The request takes effect and only its answer fails: a gateway error after GitHub did the
   * work (a dispatch answered 502 may still have made its run). Server errors only.
   */
  afterEffect?: boolean;
}

export interface FaultResponse {
  status: number;
  /** Answer with the failure after carrying the request out. */
  afterEffect: boolean;
  headers: Record<string, string>;
  message: string;
  documentationUrl: string;
}

export class FaultList {
  private readonly faults: FaultSpec[] = [];

  add(fault: FaultSpec): void {
    if (fault.times > 0) this.faults.push({ ...fault });
  }

  /** Forgets every fault still waiting (GitHub is well again). */
  clear(): void {
    this.faults.length = 0;
  }

  /** Consumes one matching fault and describes the failure, or returns null. */
  take(method: string, path: string, requestId: string, nowSeconds: number): FaultResponse | null {
    const index = this.faults.findIndex(
      (f) => (!f.method || f.method.toUpperCase() === method) && f.pathPattern.test(path),
    );
    const fault = this.faults[index];
    if (!fault) return null;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return describe(fault, requestId, nowSeconds);
  }
}

const DOCS_RATE_LIMIT =
  "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

function describe(fault: FaultSpec, requestId: string, nowSeconds: number): FaultResponse {
  if (fault.status === 500 || fault.status === 502) {
    return {
      status: fault.status,
      afterEffect: fault.afterEffect === true,
      headers: {},
      message: fault.status === 502 ? "Server Error" : "Internal Server Error",
      documentationUrl: "https://docs.github.com/rest",
    };
  }
  if (fault.secondaryRateLimit) {
    return {
      status: fault.status,
      afterEffect: false,
      headers: { "retry-after": "1" },
      message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
      documentationUrl: DOCS_RATE_LIMIT,
    };
  }
  // Primary limit: remaining 0. The reset is one second ahead (not an hour) so that a client
  // that waits for it, as Octokit's throttling plugin does, resumes at once.
  return {
    status: fault.status,
    afterEffect: false,
    headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(nowSeconds + 1) },
    message: `API rate limit exceeded for installation ID 1. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
    documentationUrl: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
  };
}
