import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readAuthorization } from "./auth.js";
import { gitDirOf, type SimContext } from "./context.js";
import { ZERO_SHA, branches, gitEnv } from "./git.js";
import { fullName, type RepoRecord, type UserRecord } from "./model.js";
import { afterRefUpdates, type RefUpdate } from "./ops/push.js";

/**
 * Git smart HTTP at `/{owner}/{repo}.git/…`, served by `git http-backend` as a CGI program.
 * Like GitHub, it wants HTTP Basic auth with an installation token as the password
 * (`x-access-token:<token>`). Request and response bodies are streamed, never buffered. After a
 * push the branch tips are compared, `push` webhooks are sent and open pull requests follow
 * their head branches; the response is held open until then, so a client that has pushed sees
 * the new state at once.
 */

const GIT_PATH = /^\/([^/]+)\/([^/]+?)\.git(\/.*)?$/;

export function isGitPath(pathname: string): boolean {
  return GIT_PATH.test(pathname);
}

function plain(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(`${text}\n`);
}

/** Which git service a request is for, or null for anything but smart HTTP. */
function serviceOf(
  method: string,
  suffix: string,
  url: URL,
): "git-upload-pack" | "git-receive-pack" | null {
  if (method === "GET" && suffix === "/info/refs") {
    const service = url.searchParams.get("service");
    return service === "git-upload-pack" || service === "git-receive-pack" ? service : null;
  }
  if (method === "POST" && (suffix === "/git-upload-pack" || suffix === "/git-receive-pack")) {
    return suffix === "/git-upload-pack" ? "git-upload-pack" : "git-receive-pack";
  }
  return null;
}

export async function handleGit(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const [, owner = "", name = "", suffix = ""] = GIT_PATH.exec(url.pathname) ?? [];
  const repo = ctx.world.repo(decodeURIComponent(owner), decodeURIComponent(name));
  const method = req.method ?? "GET";
  const service = serviceOf(method, suffix, url);
  if (!repo || !service) {
    req.resume();
    plain(res, 404, "Repository not found.");
    return;
  }
  const credential = readAuthorization(req.headers.authorization);
  const token = credential.scheme === "basic" ? ctx.tokens.find(credential.password) : undefined;
  if (!token || (token.repositoryIds && !token.repositoryIds.has(repo.id))) {
    req.resume();
    // Git sends credentials only after a challenge.
    plain(
      res,
      401,
      credential.scheme === "none" ? "Authentication required" : "Invalid username or token.",
      {
        "www-authenticate": 'Basic realm="GitHub"',
      },
    );
    return;
  }
  if (service === "git-receive-pack" && repo.archived) {
    req.resume();
    plain(res, 403, "This repository was archived so it is read-only.");
    return;
  }
  const pusher = ctx.world.app.bot;
  if (method === "POST" && service === "git-receive-pack") {
    await ctx.lock.run(repo, () => receivePack(ctx, repo, pusher, req, res, suffix, url));
  } else {
    await runBackend(ctx, repo, req, res, suffix, url, false);
  }
}

async function receivePack(
  ctx: SimContext,
  repo: RepoRecord,
  pusher: UserRecord,
  req: IncomingMessage,
  res: ServerResponse,
  suffix: string,
  url: URL,
): Promise<void> {
  const gitDir = gitDirOf(ctx.dataDir, repo);
  const before = await branches(gitDir);
  const ok = await runBackend(ctx, repo, req, res, suffix, url, true);
  try {
    if (ok) {
      const after = await branches(gitDir);
      const updates: RefUpdate[] = [];
      for (const branch of new Set([...before.keys(), ...after.keys()])) {
        const was = before.get(branch) ?? ZERO_SHA;
        const now = after.get(branch) ?? ZERO_SHA;
        if (was !== now) updates.push({ branch, before: was, after: now });
      }
      await afterRefUpdates(ctx, repo, pusher, updates, before);
    }
  } finally {
    res.end();
  }
}

/**
 * Runs `git http-backend` for one request. With `holdOpen` the response is left open for the
 * caller to end. Resolves true when the backend exited cleanly.
 */
function runBackend(
  ctx: SimContext,
  repo: RepoRecord,
  req: IncomingMessage,
  res: ServerResponse,
  suffix: string,
  url: URL,
  holdOpen: boolean,
): Promise<boolean> {
  const header = (name: string): string => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : (value ?? "");
  };
  const env: Record<string, string> = {
    GIT_PROJECT_ROOT: ctx.dataDir,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: `/${fullName(repo).toLowerCase()}.git${suffix}`,
    REQUEST_METHOD: req.method ?? "GET",
    QUERY_STRING: url.search.replace(/^\?/, ""),
    CONTENT_TYPE: header("content-type"),
    // http-backend enables receive-pack for an authenticated user.
    REMOTE_USER: "x-access-token",
    REMOTE_ADDR: "127.0.0.1",
    GATEWAY_INTERFACE: "CGI/1.1",
    SERVER_PROTOCOL: "HTTP/1.1",
    HTTP_CONTENT_ENCODING: header("content-encoding"),
    HTTP_GIT_PROTOCOL: header("git-protocol"),
  };
  // Without CONTENT_LENGTH (a chunked request) http-backend reads the body until EOF.
  const length = header("content-length");
  if (length) env.CONTENT_LENGTH = length;

  return new Promise((resolve) => {
    const child = spawn("git", ["http-backend"], {
      env: gitEnv(env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stderr: Buffer[] = [];
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    req.pipe(child.stdin);
    child.stdin.on("error", () => undefined); // the backend may stop reading early on errors

    let head = Buffer.alloc(0);
    let headersSent = false;
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const split = findHeaderEnd(head);
      if (!split) return;
      child.stdout.off("data", onData);
      const { status, headers } = parseCgiHeaders(head.subarray(0, split.index).toString("latin1"));
      res.writeHead(status, headers);
      headersSent = true;
      const rest = head.subarray(split.index + split.length);
      if (rest.length > 0) res.write(rest);
      child.stdout.pipe(res, { end: false });
    };
    child.stdout.on("data", onData);
    child.on("error", () => {
      if (!headersSent) plain(res, 500, "git http-backend could not be started");
      resolve(false);
    });
    child.on("close", (code) => {
      const clean = code === 0 && headersSent;
      if (!headersSent)
        plain(res, 500, `git http-backend failed: ${Buffer.concat(stderr).toString().trim()}`);
      else if (!holdOpen) res.end();
      resolve(clean);
    });
  });
}

function findHeaderEnd(buffer: Buffer): { index: number; length: number } | null {
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { index: crlf, length: 4 };
  if (lf >= 0) return { index: lf, length: 2 };
  return null;
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "status") status = Number.parseInt(value, 10) || 200;
    else headers[key] = value;
  }
  return { status, headers };
}
