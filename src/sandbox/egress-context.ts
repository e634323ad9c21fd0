import type { Socket } from "node:net";
import type { Connect } from "./egress-connect.js";
import type { DeniedAttempt } from "./egress-denial.js";
import type { EgressPolicy } from "./egress-policy.js";
import type { CompiledRoute } from "./egress-routes.js";

/** What the tunnel and forwarding handlers share with the proxy that owns them. */
export interface EgressContext {
  policy: EgressPolicy;
  routes: ReadonlyMap<string, CompiledRoute>;
  /** For hosts the agent names: every resolved address checked against the policy. */
  connectForAgent: Connect;
  /** For route targets, which come from the operator's configuration. */
  connectForRoutes: Connect;
  /** Puts an upstream socket under the idle timeout and `close()`; returns it. */
  track(socket: Socket): Socket;
  /** Records the refusal and returns the sentence that tells the agent why. */
  deny(attempt: DeniedAttempt): string;
}
