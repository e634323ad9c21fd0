#!/usr/bin/env node
// The image's /app, without a container daemon: copies the built dist/, package.json, app.yml
// and the production dependencies (package-lock.json's packages not marked dev, as
// `npm prune --omit=dev` leaves them) into <dest>, then makes it read-only.
//   node scripts/container-app.mjs <dest> [<dist dir>]
import { chmodSync, cpSync, existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const [destArg, distArg] = process.argv.slice(2);
if (!destArg) {
  process.stderr.write("usage: container-app.mjs <dest> [<dist dir>]\n");
  process.exit(2);
}
const dest = resolve(destArg);
const dist = resolve(distArg ?? join(root, "dist"));
if (!existsSync(join(dist, "main.js"))) {
  process.stderr.write(`container-app: ${dist}/main.js is missing: run npm run build first\n`);
  process.exit(1);
}

cpSync(dist, join(dest, "dist"), { recursive: true });
for (const file of ["package.json", "app.yml"]) cpSync(join(root, file), join(dest, file));

const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
let copied = 0;
for (const [key, meta] of Object.entries(lock.packages)) {
  if (!key.startsWith("node_modules/") || meta.dev || meta.link) continue;
  const from = join(root, key);
  // An optional package for another platform is not installed here, nor in the image.
  if (!existsSync(from)) continue;
  cpSync(from, join(dest, key), {
    recursive: true,
    // Nested node_modules are packages of their own, copied (or not) by their own entry.
    filter: (path) => !`${relative(from, path)}${sep}`.startsWith(`node_modules${sep}`),
  });
  copied++;
}

/** chmod -R a-w: the image's /app belongs to root; the bot's user cannot write there. */
function readOnly(path) {
  const stat = statSync(path);
  if (stat.isDirectory()) for (const entry of readdirSync(path)) readOnly(join(path, entry));
  chmodSync(path, stat.mode & ~0o222);
}
readOnly(dest);
process.stderr.write(`container-app: ${dest} (${copied} production packages), read-only\n`);
