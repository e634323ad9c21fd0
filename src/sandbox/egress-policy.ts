/**
 * The egress allow list as pure functions: which host and port an agent may reach, and which
 * addresses a name may resolve to.
 *
 * Patterns: `example.com` (exactly that host), `*.example.com` (any name below it, not the name
 * itself), either with `:port` for one other port; without a port, 443 and 80. Case and one
 * trailing dot do not matter. An IP address is reachable only when a pattern names it exactly.
 */
import { BlockList, isIP } from "node:net";

export type Verdict = "allowed" | "not-allowed" | "ip-literal";

export interface EgressPolicy {
  judge(host: string, port: number): Verdict;
  /** A public address, or a loopback/private/link-local one that the allow list names exactly. */
  addressAllowed(address: string, port: number): boolean;
}

interface AllowPattern {
  host: string;
  wildcard: boolean;
  ports: readonly number[];
}

const DEFAULT_PORTS: readonly number[] = [443, 80];
const AUTHORITY = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/;
const HOSTNAME = /^[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*$/;
/** A last label that inet_aton and the URL standard read as a number (`2130706433`, `0x7f`). */
const NUMERIC_LABEL = /(?:^|\.)(?:0x[0-9a-f]*|\d+)$/;

/** Lower case, no trailing dot; IPv6 in its canonical short form, without brackets. */
function canonicalHost(raw: string): string {
  const host = raw.toLowerCase().replace(/\.$/, "");
  return isIP(host) === 6 ? new URL(`http://[${host}]/`).hostname.slice(1, -1) : host;
}

/** `host`, `host:port`, `[v6]` or `[v6]:port`, checked and canonical; undefined when invalid. */
export function parseAuthority(text: string): { host: string; port?: number } | undefined {
  const match = AUTHORITY.exec(text);
  const bracketed = match?.[1];
  const raw = bracketed ?? match?.[2];
  if (raw === undefined || (bracketed !== undefined && isIP(bracketed) !== 6)) return undefined;
  const host = canonicalHost(raw);
  if (isIP(host) === 0 && (host.length > 253 || !HOSTNAME.test(host))) return undefined;
  if (match?.[3] === undefined) return { host };
  const port = Number(match[3]);
  return port >= 1 && port <= 65535 ? { host, port } : undefined;
}

function looksLikeIp(host: string): boolean {
  return isIP(host) !== 0 || NUMERIC_LABEL.test(host);
}

function parsePattern(text: string): AllowPattern {
  const wildcard = text.startsWith("*.");
  const parsed = parseAuthority(wildcard ? text.slice(2) : text);
  if (parsed === undefined || (wildcard && looksLikeIp(parsed.host))) {
    throw new Error(`egress allow list: ${JSON.stringify(text)} is not a host pattern`);
  }
  const ports = parsed.port === undefined ? DEFAULT_PORTS : [parsed.port];
  return { host: parsed.host, wildcard, ports };
}

function matches(pattern: AllowPattern, host: string, port: number): boolean {
  if (!pattern.ports.includes(port)) return false;
  return pattern.wildcard ? host.endsWith(`.${pattern.host}`) : host === pattern.host;
}

/** Loopback, private, link-local, CGNAT, multicast and reserved ranges: the bot's own side. */
const INTERNAL = new BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  INTERNAL.addSubnet(prefix, bits, "ipv4");
}
for (const [prefix, bits] of [
  ["::", 96], // unspecified, loopback and IPv4-compatible (IPv4-mapped are checked as IPv4)
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  INTERNAL.addSubnet(prefix, bits, "ipv6");
}

export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: never connect to it
  return INTERNAL.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** Throws on a pattern that is not one; the caller's config is wrong, not the agent. */
export function compilePolicy(allow: readonly string[]): EgressPolicy {
  const patterns = allow.map(parsePattern);
  const judge = (host: string, port: number): Verdict => {
    const canonical = canonicalHost(host);
    if (patterns.some((pattern) => matches(pattern, canonical, port))) return "allowed";
    return looksLikeIp(canonical) ? "ip-literal" : "not-allowed";
  };
  return {
    judge,
    addressAllowed: (address, port) =>
      !isInternalAddress(address) || judge(address, port) === "allowed",
  };
}
