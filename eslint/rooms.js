/**
 * The rooms of `src/` and the one direction imports may take between them, written down once
 * and enforced by `npm run lint` (the rule `rooms/direction` below). A room may import from
 * rooms listed before it, never from one listed after it: data flows one way, and no cycle can
 * form between rooms, type imports included.
 */
import { dirname, relative, resolve, sep } from "node:path";

/** Lowest first. A top-level file (`src/app.ts`, `src/main.ts`) is a room of its own. */
export const ROOMS = [
  "types",
  "logging",
  "text",
  "schedule",
  "learn",
  "config",
  "runner",
  "github",
  "quota",
  "queue",
  "approval",
  "review",
  "sandbox",
  "health",
  "run",
  "backends",
  "store",
  "report",
  "night",
  "handlers",
  "server",
  "app",
  "cli",
  "demo",
  "main",
];

/** Packages that talk to GitHub's API: only `github/` holds a client (and the shells that start it). */
const API_CLIENTS = /^(@octokit\/(rest|core|plugin-[a-z-]+|auth-app)|octokit)$/;
const API_CLIENT_ROOMS = new Set(["github"]);

/** The room of a file under `srcDir`, or null outside it. */
export function roomOf(file, srcDir) {
  const rel = relative(srcDir, file);
  if (rel.startsWith("..") || rel === "") return null;
  const [first] = rel.split(sep);
  return first.replace(/\.(ts|mts|js|mjs)$/, "");
}

/** Why `from` may not import `to`, or null when it may. */
export function refusal(from, to) {
  if (from === to) return null;
  const a = ROOMS.indexOf(from);
  const b = ROOMS.indexOf(to);
  if (a === -1) return `the room "${from}" is not in eslint/rooms.js; add it where it belongs`;
  if (b === -1) return `the room "${to}" is not in eslint/rooms.js; add it where it belongs`;
  if (b > a) return `${from}/ may not import ${to}/: ${to} comes after ${from} in eslint/rooms.js`;
  return null;
}

/** The rule, for the files of `srcDir` (an absolute path). */
export function directionRule(srcDir) {
  return {
    meta: {
      type: "problem",
      docs: { description: "imports between rooms go one way (eslint/rooms.js)" },
      schema: [],
      messages: {
        backward: "{{why}}",
        client: "only github/ talks to GitHub's API: import the port (github/port.ts) instead",
      },
    },
    create(context) {
      const file = context.filename;
      const from = roomOf(file, srcDir);
      if (from === null) return {};
      const check = (node, source) => {
        if (typeof source !== "string") return;
        if (!source.startsWith(".")) {
          if (API_CLIENTS.test(source) && !API_CLIENT_ROOMS.has(from)) {
            context.report({ node, messageId: "client" });
          }
          return;
        }
        const to = roomOf(resolve(dirname(file), source), srcDir);
        if (to === null) return;
        const why = refusal(from, to);
        if (why !== null) context.report({ node, messageId: "backward", data: { why } });
      };
      return {
        ImportDeclaration: (node) => check(node, node.source.value),
        ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
        ExportAllDeclaration: (node) => check(node, node.source.value),
        ImportExpression: (node) =>
          node.source.type === "Literal" && check(node, node.source.value),
      };
    },
  };
}
