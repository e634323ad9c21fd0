import nock from "nock";
import { afterEach, beforeEach } from "vitest";

/**
 * The nock tests' rule, for a whole file: no request leaves the process (an interceptor
 * missing is an error, never a real request), and none is left over for the next test.
 */
export function offlineNock(): void {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}
