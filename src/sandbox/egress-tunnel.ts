import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { InternalAddressError } from "./egress-connect.js";
import type { EgressContext } from "./egress-context.js";
import { clip } from "./egress-denial.js";
import { parseAuthority } from "./egress-policy.js";
import { rawRefusal } from "./egress-reply.js";

/** `CONNECT host:port`: checked against the policy, then 200 and bytes both ways. */
export function openTunnel(
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  ctx: EgressContext,
): void {
  // Node's server stops listening for errors once it hands over a CONNECT socket.
  client.on("error", () => client.destroy());
  const target = parseAuthority(req.url ?? "");
  if (target?.port === undefined) {
    const why = ctx.deny({ reason: "bad-request", detail: `CONNECT ${clip(req.url ?? "")}` });
    client.end(rawRefusal(400, why));
    return;
  }
  const { host, port } = target;
  const verdict = ctx.policy.judge(host, port);
  if (verdict !== "allowed") {
    client.end(rawRefusal(403, ctx.deny({ reason: verdict, method: "CONNECT", host, port })));
    return;
  }
  const upstream = ctx.track(ctx.connectForAgent(host, port));
  let established = false;
  upstream.once("connect", () => {
    established = true;
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    upstream.write(head);
    // Ends travel both ways through the pipes; a reset upstream resets the client (below).
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on("error", (error) => {
    if (error instanceof InternalAddressError) {
      const attempt = { method: "CONNECT", host, port, address: error.address };
      client.end(rawRefusal(403, ctx.deny({ reason: "private-address", ...attempt })));
    } else if (!established) {
      client.end(rawRefusal(502, `cannot reach ${host}:${port} (${clip(error.message)})`));
    } else {
      client.destroy();
    }
  });
  // A client gone before the tunnel opened leaves nothing to carry; after, let buffers drain.
  client.on("close", () => (established ? upstream.end() : upstream.destroy()));
}
