/**
 * What the egress proxy refused, as data. The run's log and the morning report render it; the
 * agent sees `denialMessage` in the body of the refusal.
 */

export type DeniedAttempt =
  | { reason: "not-allowed" | "ip-literal"; method: string; host: string; port: number }
  | { reason: "private-address"; method: string; host: string; port: number; address: string }
  | { reason: "unknown-route"; method: string; path: string }
  | { reason: "bad-request" | "headers-too-large"; detail: string };

export type DenialReason = DeniedAttempt["reason"];

const MAX_ECHO = 200;

/** Agent-chosen text, cut short and with control characters made visible, fit for one log line. */
export function clip(text: string): string {
  const visible = text.replace(/\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16)}`);
  return visible.length > MAX_ECHO ? `${visible.slice(0, MAX_ECHO)}…` : visible;
}

export function denialMessage(attempt: DeniedAttempt): string {
  switch (attempt.reason) {
    case "not-allowed":
      return `${attempt.method} ${attempt.host}:${attempt.port} refused: not in this run's egress allow list`;
    case "ip-literal":
      return `${attempt.method} ${attempt.host}:${attempt.port} refused: an IP address is reachable only when the allow list names it`;
    case "private-address":
      return `${attempt.method} ${attempt.host}:${attempt.port} refused: it resolves to ${attempt.address}, a loopback, private or link-local address`;
    case "unknown-route":
      return `${attempt.method} ${attempt.path} refused: no such route`;
    case "bad-request":
      return `bad request: ${attempt.detail}`;
    case "headers-too-large":
      return `request headers too large: ${attempt.detail}`;
  }
}
