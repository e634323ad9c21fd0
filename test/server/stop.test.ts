import { EventEmitter } from "node:events";
import { pino } from "pino";
import { Probot, type ApplicationFunction } from "probot";
import { describe, expect, it, vi } from "vitest";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { startNightshiftServer } from "../../src/server/start.js";
import { stopOnSignals } from "../../src/server/stop-on-signals.js";
import { testPrivateKey } from "../support/keys.js";
import { rawConnection } from "./raw-http.js";

const log = pino({ level: "silent" });

/** An app with one request the test holds open: `GET /slow` answers once `release()` is called. */
function slowApp() {
  let entered!: () => void;
  let release!: () => void;
  const started = new Promise<void>((resolve) => (entered = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const app: ApplicationFunction = (_app, { addHandler }) => {
    addHandler(async (req, res) => {
      if (req.url !== "/slow") return false;
      entered();
      await released;
      res.end("done");
      return true;
    });
  };
  return { app, started, release };
}

async function serve(app: ApplicationFunction, stopGraceMs?: number) {
  const steps: string[] = [];
  const probot = new Probot({
    appId: 1,
    privateKey: testPrivateKey(),
    log,
    Octokit: UnthrottledOctokit,
  });
  const server = await startNightshiftServer({
    app,
    probot,
    log,
    host: "127.0.0.1",
    port: 0,
    ...(stopGraceMs === undefined ? {} : { stopGraceMs }),
    onStop: () => {
      steps.push("onStop");
    },
  });
  return { server, steps };
}

const GET = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`;

describe("stopping the server", () => {
  it("refuses new connections, answers /ready 503, lets in-flight requests finish, then onStop", async () => {
    const { app, started, release } = slowApp();
    const { server, steps } = await serve(app);
    const slow = fetch(`${server.url}/slow`).then(async (r) => `${r.status} ${await r.text()}`);
    await started;
    // A request begun on an open connection before the stop: the PONG proves the server read
    // the bytes behind it, the start of a `GET /ready` it can only finish after the stop began.
    const open = await rawConnection(server.port);
    open.socket.write(`${GET("/ping")}\r\n${GET("/ready")}`);
    await open.waitFor("PONG");

    const stopped = server.stop().then(() => steps.push("stopped"));
    expect(server.isReady()).toBe(false);
    await expect(fetch(`${server.url}/ping`)).rejects.toThrow();
    open.socket.write("\r\n");
    await open.waitFor("not ready");
    expect(open.received()).toMatch(/HTTP\/1\.1 503 [^]*connection: close/i);
    expect(steps).toEqual([]);

    release();
    expect(await slow).toBe("200 done");
    await stopped;
    expect(steps).toEqual(["onStop", "stopped"]);
  });

  it("cuts a request still open after the grace period", async () => {
    const { app, started } = slowApp();
    const { server, steps } = await serve(app, 50);
    const slow = fetch(`${server.url}/slow`).then(
      () => "answered",
      () => "cut",
    );
    await started;
    await server.stop();
    expect(await slow).toBe("cut");
    expect(steps).toEqual(["onStop"]);
  });
});

describe("stopOnSignals", () => {
  it("stops on SIGTERM and exits 0; a second signal exits 1 at once", async () => {
    const signals = new EventEmitter();
    const exits: number[] = [];
    let finishStop!: () => void;
    const stopping = new Promise<void>((resolve) => (finishStop = resolve));
    let stops = 0;
    const server = {
      stop: () => {
        stops++;
        return stopping;
      },
    };
    stopOnSignals(server, { log, signals, exit: (code) => exits.push(code) });

    signals.emit("SIGTERM", "SIGTERM");
    expect(stops).toBe(1);
    signals.emit("SIGINT", "SIGINT");
    expect(exits).toEqual([1]);
    finishStop();
    await vi.waitFor(() => {
      expect(exits).toEqual([1, 0]);
    });
    expect(stops).toBe(1);
  });
});
