import { once } from "node:events";
import { existsSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect, type Server, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  startEgressProxy,
  type DeniedAttempt,
  type EgressProxy,
  type EgressProxyOptions,
} from "../../src/sandbox/egress-proxy.js";
import {
  closeServer,
  echoServer,
  listening,
  portOf,
  readHead,
  readToEnd,
  recordingUpstream,
  requestOver,
  roundTrip,
  socketDir,
  type HttpAnswer,
} from "./net-helpers.js";
import { selfSignedCertificate } from "./self-signed-cert.js";

let dir: Awaited<ReturnType<typeof socketDir>>;
let cleanups: (() => Promise<void> | void)[];

beforeEach(async () => {
  dir = await socketDir();
  cleanups = [];
});

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await dir.cleanup();
});

async function serve<T extends Server>(server: T): Promise<T> {
  await listening(server, 0);
  server.on("connection", (socket: Socket) => {
    cleanups.push(() => {
      socket.destroy();
    });
  });
  cleanups.push(() => closeServer(server));
  return server;
}

/** The proxy on a Unix socket, as in production; `seen` is what reached `onDenied`. */
async function proxy(options: Omit<EgressProxyOptions, "listen">) {
  const seen: DeniedAttempt[] = [];
  const started = await startEgressProxy({
    listen: { path: dir.path("proxy.sock") },
    onDenied: (attempt) => seen.push(attempt),
    ...options,
  });
  cleanups.push(() => started.close());
  return { proxy: started, seen };
}

/** Every upstream connection goes to `port` on 127.0.0.1, whatever the name; calls recorded. */
function routeTo(port: number, calls: string[] = []) {
  return (host: string, hostPort: number) => {
    calls.push(`${host}:${hostPort}`);
    return connect(port, "127.0.0.1");
  };
}

function dial(proxy: EgressProxy): Socket {
  if (!("path" in proxy.address)) throw new Error("expected a Unix socket");
  const socket = connect(proxy.address.path);
  cleanups.push(() => {
    socket.destroy();
  });
  return socket;
}

async function connectVia(proxy: EgressProxy, authority: string) {
  const socket = dial(proxy);
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`);
  return { socket, ...(await readHead(socket)) };
}

/** Sends raw bytes; the proxy's whole answer, up to its closing the connection. */
async function rawExchange(proxy: EgressProxy, bytes: string | Buffer): Promise<string> {
  const socket = dial(proxy);
  socket.write(bytes);
  return readToEnd(socket);
}

/** An HTTP request sent to the proxy as a client honouring HTTP_PROXY sends it. */
function viaProxy(
  proxy: EgressProxy,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body = "",
): Promise<HttpAnswer> {
  return requestOver(() => dial(proxy), { method, target, headers, body });
}

describe("CONNECT", () => {
  it("tunnels to an allowed host, end to end", async () => {
    const echo = await serve(echoServer());
    const calls: string[] = [];
    const { proxy: p } = await proxy({
      allow: ["allowed.test"],
      connect: routeTo(portOf(echo), calls),
    });

    const tunnel = await connectVia(p, "Allowed.Test:443");

    expect(tunnel.status).toBe(200);
    expect(await roundTrip(tunnel.socket, "ping through the tunnel")).toBe(
      "ping through the tunnel",
    );
    expect(calls).toEqual(["allowed.test:443"]);
    expect(p.denied()).toEqual([]);
  });

  it("refuses a host outside the allow list with 403, and records it", async () => {
    const calls: string[] = [];
    const { proxy: p, seen } = await proxy({
      allow: ["*.allowed.test"],
      connect: routeTo(1, calls),
    });

    const tunnel = await connectVia(p, "evil.test:443");
    const body = await readToEnd(tunnel.socket);

    expect(tunnel.status).toBe(403);
    expect(tunnel.rest.toString() + body).toContain("not in this run's egress allow list");
    const attempt = { reason: "not-allowed", method: "CONNECT", host: "evil.test", port: 443 };
    expect(p.denied()).toEqual([attempt]);
    expect(seen).toEqual([attempt]);
    expect(calls).toEqual([]);
  });

  it("refuses an allowed host on a port the pattern does not name", async () => {
    const { proxy: p } = await proxy({ allow: ["allowed.test"], connect: routeTo(1) });
    expect((await connectVia(p, "allowed.test:22")).status).toBe(403);
    expect(p.denied()).toMatchObject([{ reason: "not-allowed", port: 22 }]);
  });

  it.each(["127.0.0.1:443", "[::1]:443", "169.254.169.254:80", "2130706433:443"])(
    "refuses the IP literal %s without dialling",
    async (authority) => {
      const calls: string[] = [];
      const { proxy: p } = await proxy({ allow: ["*.allowed.test"], connect: routeTo(1, calls) });
      expect((await connectVia(p, authority)).status).toBe(403);
      expect(p.denied()).toMatchObject([{ reason: "ip-literal", method: "CONNECT" }]);
      expect(calls).toEqual([]);
    },
  );

  it("refuses an allowed name that resolves to loopback (DNS rebinding)", async () => {
    const asked: string[] = [];
    const lookup = (host: string) => {
      asked.push(host);
      return Promise.resolve(["127.0.0.1"]);
    };
    const { proxy: p } = await proxy({ allow: ["rebind.test"], lookup });

    const tunnel = await connectVia(p, "rebind.test:443");

    expect(tunnel.status).toBe(403);
    expect(asked).toEqual(["rebind.test"]);
    expect(p.denied()).toEqual([
      {
        reason: "private-address",
        method: "CONNECT",
        host: "rebind.test",
        port: 443,
        address: "127.0.0.1",
      },
    ]);
  });

  it("refuses a name when any of its addresses is internal", async () => {
    // 192.0.2.0/24 is documentation space: if the check failed, nothing real would answer.
    const lookup = () => Promise.resolve(["192.0.2.10", "10.1.2.3"]);
    const { proxy: p } = await proxy({ allow: ["mixed.test"], lookup });
    expect((await connectVia(p, "mixed.test:443")).status).toBe(403);
    expect(p.denied()).toMatchObject([{ reason: "private-address", address: "10.1.2.3" }]);
  });

  it("connects to an internal address through the default resolver when the list names it", async () => {
    const echo = await serve(echoServer());
    const port = portOf(echo);
    const lookup = () => Promise.resolve(["127.0.0.1"]);
    const { proxy: p } = await proxy({
      allow: [`local.test:${port}`, `127.0.0.1:${port}`],
      lookup,
    });

    const tunnel = await connectVia(p, `local.test:${port}`);

    expect(tunnel.status).toBe(200);
    expect(await roundTrip(tunnel.socket, "hello")).toBe("hello");
  });

  it("answers 502 when an allowed host does not answer", async () => {
    const closed = await serve(echoServer());
    const port = portOf(closed);
    await closeServer(closed);
    const { proxy: p } = await proxy({ allow: ["down.test"], connect: routeTo(port) });
    expect((await connectVia(p, "down.test:443")).status).toBe(502);
    expect(p.denied()).toEqual([]);
  });
});

describe("plain http:// requests", () => {
  it("forwards to an allowed host without hop-by-hop headers or Proxy-Authorization", async () => {
    const { received, handler } = recordingUpstream();
    const upstream = await serve(createHttpServer(handler));
    const calls: string[] = [];
    const { proxy: p } = await proxy({
      allow: ["allowed.test"],
      connect: routeTo(portOf(upstream), calls),
    });

    const answer = await viaProxy(
      p,
      "POST",
      "http://allowed.test/path?q=1",
      {
        "proxy-authorization": "Basic c2VjcmV0",
        connection: "keep-alive, x-hop",
        "x-hop": "one hop only",
        "x-custom": "kept",
      },
      "the body",
    );

    expect(answer).toMatchObject({ status: 201, body: "got POST /path?q=1 the body" });
    expect(answer.headers["x-upstream"]).toBe("yes");
    expect(answer.headers["proxy-authenticate"]).toBeUndefined();
    expect(calls).toEqual(["allowed.test:80"]);
    const headers = received[0]?.headers ?? {};
    expect(headers.host).toBe("allowed.test");
    expect(headers["x-custom"]).toBe("kept");
    expect(headers["proxy-authorization"]).toBeUndefined();
    expect(headers["x-hop"]).toBeUndefined();
  });

  it("refuses a host outside the allow list with 403", async () => {
    const { proxy: p, seen } = await proxy({ allow: ["allowed.test"], connect: routeTo(1) });
    const answer = await viaProxy(p, "GET", "http://evil.test:8080/x");
    expect(answer.status).toBe(403);
    expect(seen).toEqual([{ reason: "not-allowed", method: "GET", host: "evil.test", port: 8080 }]);
  });

  it("refuses an allowed name that resolves to a private address", async () => {
    const { proxy: p } = await proxy({
      allow: ["rebind.test"],
      lookup: () => Promise.resolve(["192.168.1.1"]),
    });
    expect((await viaProxy(p, "GET", "http://rebind.test/")).status).toBe(403);
    expect(p.denied()).toMatchObject([
      { reason: "private-address", method: "GET", address: "192.168.1.1" },
    ]);
  });
});

describe("malformed requests", () => {
  it("answers garbage with 400, oversized headers with 431, and keeps serving", async () => {
    const echo = await serve(echoServer());
    const { proxy: p } = await proxy({ allow: ["allowed.test"], connect: routeTo(portOf(echo)) });

    const garbage = await rawExchange(p, Buffer.from([0, 1, 2, 0xff, 13, 10, 13, 10]));
    const huge = await rawExchange(
      p,
      `GET http://allowed.test/ HTTP/1.1\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    const badConnect = await rawExchange(p, "CONNECT nonsense HTTP/1.1\r\nHost: x\r\n\r\n");
    const https = await rawExchange(p, "GET https://allowed.test/ HTTP/1.1\r\nHost: x\r\n\r\n");

    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(badConnect).toMatch(/^HTTP\/1\.1 400 /);
    expect(https).toMatch(/^HTTP\/1\.1 400 /);
    expect(p.denied().map((attempt) => attempt.reason)).toEqual([
      "bad-request",
      "headers-too-large",
      "bad-request",
      "bad-request",
    ]);

    const tunnel = await connectVia(p, "allowed.test:443");
    expect(tunnel.status).toBe(200);
    expect(await roundTrip(tunnel.socket, "still here")).toBe("still here");
  });

  it("keeps at most maxDeniedKept refusals but counts them all", async () => {
    const { proxy: p, seen } = await proxy({ allow: [], connect: routeTo(1), maxDeniedKept: 2 });
    for (const host of ["a.test", "b.test", "c.test"]) await connectVia(p, `${host}:443`);
    expect(p.denied().map((attempt) => "host" in attempt && attempt.host)).toEqual([
      "a.test",
      "b.test",
    ]);
    expect(p.deniedCount()).toBe(3);
    expect(seen).toHaveLength(3);
  });
});

describe("routes", () => {
  const upstreamName = "api.upstream.test";

  async function tlsUpstream() {
    const certificate = selfSignedCertificate(upstreamName);
    const { received, handler } = recordingUpstream();
    const server = await serve(createHttpsServer(certificate, handler));
    return { certificate, received, port: portOf(server) };
  }

  it("sends the request over TLS with the route's header in place of the agent's", async () => {
    const upstream = await tlsUpstream();
    const calls: string[] = [];
    const { proxy: p } = await proxy({
      allow: [],
      connect: routeTo(upstream.port, calls),
      routes: {
        anthropic: {
          target: `https://${upstreamName}/v1`,
          headers: { "X-Api-Key": "the-real-key" },
          ca: upstream.certificate.cert,
        },
      },
    });

    const direct = await viaProxy(
      p,
      "POST",
      "/anthropic/messages?beta=1",
      { "x-api-key": "agent-fake" },
      "hi",
    );
    // A client honouring HTTP_PROXY sends the same request as an absolute URL naming loopback.
    const proxied = await viaProxy(p, "GET", "http://127.0.0.1:8080/anthropic/models/../admin", {
      "X-API-KEY": "agent-fake",
      "proxy-authorization": "Basic c2VjcmV0",
    });

    expect(direct).toMatchObject({ status: 201, body: "got POST /v1/messages?beta=1 hi" });
    expect(proxied).toMatchObject({ status: 201, body: "got GET /v1/admin " });
    expect(calls).toEqual([`${upstreamName}:443`, `${upstreamName}:443`]);
    for (const { headers } of upstream.received) {
      expect(headers["x-api-key"]).toBe("the-real-key");
      expect(headers.host).toBe(upstreamName);
      expect(headers["proxy-authorization"]).toBeUndefined();
    }
    expect(p.denied()).toEqual([]);
  });

  it("verifies the target's certificate: an untrusted one gets 502 and no request", async () => {
    const upstream = await tlsUpstream();
    const { proxy: p } = await proxy({
      allow: [],
      connect: routeTo(upstream.port),
      routes: { anthropic: { target: `https://${upstreamName}`, headers: { "x-api-key": "k" } } },
    });

    const answer = await viaProxy(p, "GET", "/anthropic/v1/models");

    expect(answer.status).toBe(502);
    expect(upstream.received).toEqual([]);
  });

  it("serves only configured routes", async () => {
    const { proxy: p } = await proxy({ allow: [], connect: routeTo(1), routes: {} });
    expect((await viaProxy(p, "GET", "/openai/v1/models")).status).toBe(404);
    expect(p.denied()).toEqual([
      { reason: "unknown-route", method: "GET", path: "/openai/v1/models" },
    ]);
  });

  it.each([
    [{ allow: ["*"] }, /not a host pattern/],
    [{ allow: ["exa mple.com"] }, /not a host pattern/],
    [{ allow: [], routes: { x: { target: "http://api.test" } } }, /https:\/\/ URL/],
    [{ allow: [], routes: { "a/b": { target: "https://api.test" } } }, /route name/],
  ])("refuses bad configuration %j", async (options, message) => {
    await expect(
      startEgressProxy({ listen: { path: dir.path("bad.sock") }, ...options }),
    ).rejects.toThrow(message);
  });
});

describe("lifetime", () => {
  it("closes a tunnel that stays idle", async () => {
    const echo = await serve(echoServer());
    const { proxy: p } = await proxy({
      allow: ["allowed.test"],
      connect: routeTo(portOf(echo)),
      idleTimeoutMs: 50,
    });
    const tunnel = await connectVia(p, "allowed.test:443");
    expect(tunnel.status).toBe(200);
    await once(tunnel.socket.resume(), "close");
  });

  it("close() ends open tunnels and removes its socket", async () => {
    const echo = await serve(echoServer());
    const { proxy: p } = await proxy({ allow: ["allowed.test"], connect: routeTo(portOf(echo)) });
    const tunnel = await connectVia(p, "allowed.test:443");
    const closed = once(tunnel.socket.resume(), "close");

    await p.close();

    await closed;
    expect(existsSync(dir.path("proxy.sock"))).toBe(false);
  });

  it("listens on TCP when asked", async () => {
    const started = await startEgressProxy({ listen: { host: "127.0.0.1", port: 0 }, allow: [] });
    cleanups.push(() => started.close());
    expect(started.address).toMatchObject({ host: "127.0.0.1" });
    expect("port" in started.address && started.address.port).toBeGreaterThan(0);
  });
});
