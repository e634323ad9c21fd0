import { answer, answerError, pathOf, type RequestHandler } from "./chain.js";

/**
 * `GET /ping`: the process answers (200 "PONG", as Probot's server did). `GET /ready`: it takes
 * deliveries — 200 once the app is loaded and what it needs is open, 503 before that and while
 * it shuts down (a load balancer stops sending).
 */
export function healthRoutes(isReady: () => boolean): RequestHandler {
  return (req, res) => {
    if (req.method !== "GET") return false;
    const pathname = pathOf(req);
    if (pathname === "/ping") return answer(res, 200, "PONG");
    if (pathname !== "/ready") return false;
    return isReady() ? answer(res, 200, "ready\n") : answer(res, 503, "not ready\n");
  };
}

/** Everything no stage took. A body left unread closes the connection rather than be drained. */
export const notFound: RequestHandler = (req, res) =>
  answerError(res, 404, `Unknown route: ${req.method ?? "?"} ${req.url ?? ""}`, {
    ...(req.complete ? {} : { connection: "close" }),
  });
