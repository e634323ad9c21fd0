/**
 * How the proxy opens upstream connections. The default resolves the name itself and refuses
 * internal addresses before connecting to the very address it checked, so a permitted name
 * whose DNS answer points at 127.0.0.1 (rebinding) cannot reach the bot's own ports.
 */
import { promises as dns } from "node:dns";
import { connect as netConnect, isIP, type LookupFunction, type Socket } from "node:net";
import type { EgressPolicy } from "./egress-policy.js";

/** Opens a TCP connection that is still connecting (the proxy waits for its `connect` event). */
export type Connect = (host: string, port: number) => Socket;

/** A name's addresses. Tests pass their own so that no real name is ever looked up. */
export type Lookup = (host: string) => Promise<readonly string[]>;

export const systemLookup: Lookup = async (host) =>
  (await dns.lookup(host, { all: true })).map((entry) => entry.address);

/** The name resolved to an address the policy keeps the agent away from. */
export class InternalAddressError extends Error {
  constructor(readonly address: string) {
    super(`refused to connect to internal address ${address}`);
    this.name = "InternalAddressError";
  }
}

function wantedFamily(family: number | string | undefined): number {
  if (family === "IPv4") return 4;
  if (family === "IPv6") return 6;
  return typeof family === "number" ? family : 0;
}

/** A `net` lookup over `lookup` that fails when any address is one the policy refuses. */
function checkedLookup(lookup: Lookup, policy: EgressPolicy, port: number): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname).then(
      (found) => {
        const refused = found.find((address) => !policy.addressAllowed(address, port));
        if (refused !== undefined) {
          callback(new InternalAddressError(refused), "");
          return;
        }
        const family = wantedFamily(options.family);
        const addresses = found
          .map((address) => ({ address, family: isIP(address) }))
          .filter((entry) => entry.family !== 0 && (family === 0 || entry.family === family));
        const first = addresses[0];
        if (first === undefined) {
          callback(new Error(`${hostname} has no address`), "");
          return;
        }
        if (options.all === true) {
          callback(null, addresses);
          return;
        }
        callback(null, first.address, first.family);
      },
      (error: unknown) => {
        callback(error instanceof Error ? error : new Error(String(error)), "");
      },
    );
  };
}

/** `net.connect` with every resolved address checked against the policy first. */
export function guardedConnect(policy: EgressPolicy, lookup: Lookup = systemLookup): Connect {
  return (host, port) => netConnect({ host, port, lookup: checkedLookup(lookup, policy, port) });
}

/** For route targets: the operator's own configuration, not the agent's choice. */
export const plainConnect: Connect = (host, port) => netConnect({ host, port });
