import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import {
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh directory for Unix sockets; `cleanup` removes it. */
export async function socketDir(): Promise<{
  path(name: string): string;
  cleanup(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), "ns-egress-"));
  return {
    path: (name) => join(dir, name),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function listening(server: Server, where: string | number): Promise<Server> {
  if (typeof where === "string") server.listen(where);
  else server.listen(where, "127.0.0.1");
  await once(server, "listening");
  return server;
}

export const portOf = (server: { address(): AddressInfo | string | null }): number =>
  (server.address() as AddressInfo).port;

/** Sends back whatever it receives. */
export function echoServer(): Server {
  return createServer((socket) => {
    socket.on("error", () => socket.destroy());
    socket.pipe(socket);
  });
}

export function closeServer(server: { close(cb: () => void): unknown }): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

/** Reads up to the end of a response head; what follows it is returned as `rest`. */
export function readHead(socket: Socket): Promise<{ status: number; head: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let seen = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      const end = seen.indexOf("\r\n\r\n");
      if (end === -1) return;
      socket.off("data", onData);
      socket.pause();
      const head = seen.subarray(0, end).toString("latin1");
      resolve({ status: Number(head.split(" ")[1]), head, rest: seen.subarray(end + 4) });
    };
    socket.on("data", onData);
    socket.once("error", reject);
    socket.once("end", () => {
      reject(new Error(`connection ended before a response head: ${seen.toString("latin1")}`));
    });
  });
}

/** Everything the peer sends until it closes. */
export async function readToEnd(socket: Socket): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  socket.resume();
  await once(socket, "close");
  return Buffer.concat(chunks).toString("latin1");
}

/** Writes `text` and waits for the same bytes to come back. */
export async function roundTrip(socket: Socket, text: string): Promise<string> {
  let got = "";
  const done = new Promise<string>((resolve) => {
    const onData = (chunk: Buffer) => {
      got += chunk.toString("latin1");
      if (got.length >= text.length) {
        socket.off("data", onData);
        resolve(got);
      }
    };
    socket.on("data", onData);
  });
  socket.resume();
  socket.write(text);
  return done;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request over the socket `open` returns, with `target` sent exactly as given. */
export function requestOver(
  open: () => Socket,
  sent: { method: string; target: string; headers: Record<string, string>; body: string },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const options = { method: sent.method, path: sent.target, headers: sent.headers };
    const req = request({ ...options, createConnection: open }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on("error", reject);
    req.end(sent.body);
  });
}

export interface ReceivedRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP(S) request handler that records each request and answers 201 with what it got. */
export function recordingUpstream(): {
  received: ReceivedRequest[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
} {
  const received: ReceivedRequest[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      // proxy-authenticate is hop-by-hop: the proxy must not pass it on.
      res.writeHead(201, { "x-upstream": "yes", "proxy-authenticate": "Basic" });
      res.end(`got ${req.method ?? ""} ${req.url ?? ""} ${body}`);
    });
  };
  return { received, handler };
}
