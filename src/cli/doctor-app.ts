import type { AppSecrets } from "../config/secrets.js";
import type { AppFacts } from "../github/app-facts.js";
import { parsePrivateKey } from "../github/app-jwt.js";
import type { AppManifest } from "../github/app-manifest.js";
import type { Check } from "./doctor-checks.js";

const LEVEL: Record<string, number> = { read: 1, write: 2, admin: 3 };

/** `checks: write (granted: read)` for each permission `granted` lacks or holds too low. */
export function missingPermissions(
  needed: Record<string, string>,
  granted: Record<string, string>,
): string[] {
  return Object.entries(needed)
    .filter(([name, level]) => (LEVEL[granted[name] ?? ""] ?? 0) < (LEVEL[level] ?? 0))
    .map(
      ([name, level]) => `${name}: ${level}${granted[name] ? ` (granted: ${granted[name]})` : ""}`,
    );
}

const where = (env: NodeJS.ProcessEnv) => (env.GHE_HOST ? `on ${env.GHE_HOST}` : "on github.com");

/**
 * The GitHub App, proven: its variables are set, its key parses, GitHub accepts its JWT, and
 * what GitHub granted covers app.yml. `facts` is null when the key could not be asked with.
 */
export function appChecks(
  secrets: AppSecrets,
  env: NodeJS.ProcessEnv,
  manifest: AppManifest,
  facts: AppFacts | null,
): Check[] {
  const checks: Check[] = [];
  const add = (name: string, status: Check["status"], detail: string) =>
    checks.push({ name, status, detail });

  const missing = [
    secrets.appId ? undefined : "APP_ID",
    secrets.privateKey ? undefined : "PRIVATE_KEY or PRIVATE_KEY_PATH",
    secrets.webhookSecret ? undefined : "WEBHOOK_SECRET",
  ].filter(Boolean);
  add(
    "GitHub App",
    missing.length > 0 ? "fail" : secrets.warnings.length > 0 ? "warn" : "ok",
    [
      ...(missing.length > 0 ? [`not set: ${missing.join(", ")}`] : []),
      ...secrets.warnings,
      ...(missing.length + secrets.warnings.length === 0
        ? [`APP_ID ${secrets.appId ?? ""} ${where(env)}`]
        : []),
    ].join("; "),
  );
  if (secrets.privateKey) {
    const key = parsePrivateKey(secrets.privateKey);
    add(
      "private key",
      key.ok ? "ok" : "fail",
      key.ok ? key.description : `the app's private key does not parse: ${key.problem}`,
    );
  }
  if (!facts || (!facts.ok && facts.stage === "key")) return checks;
  if (!facts.ok) {
    add(
      "GitHub API",
      "fail",
      facts.stage === "app"
        ? `GET /app ${where(env)} failed (${facts.problem}): is APP_ID this key's app?`
        : `listing the installations failed: ${facts.problem}`,
    );
    return checks;
  }
  add(
    "GitHub API",
    "ok",
    `the app's JWT works: ${facts.name} (${facts.slug}), app ${facts.id} ${where(env)}`,
  );
  const lacking = missingPermissions(manifest.permissions, facts.permissions);
  add(
    "permissions",
    lacking.length > 0 ? "fail" : "ok",
    lacking.length > 0
      ? `the app lacks what app.yml asks for: ${lacking.join(", ")} (app settings → Permissions & events)`
      : `granted everything app.yml asks for (${Object.keys(manifest.permissions).join(", ")})`,
  );
  const unsubscribed = manifest.events.filter((event) => !facts.events.includes(event));
  add(
    "events",
    unsubscribed.length > 0 ? "fail" : "ok",
    unsubscribed.length > 0
      ? `the app does not receive: ${unsubscribed.join(", ")} (app settings → Permissions & events)`
      : `subscribed to ${manifest.events.join(", ")}`,
  );
  const active = facts.installations.filter((installation) => !installation.suspended);
  add(
    "installations",
    active.length > 0 ? "ok" : "warn",
    active.length > 0
      ? active.map((installation) => installation.account).join(", ")
      : "installed nowhere yet: install the app on the repositories Nightshift may work on",
  );
  for (const installation of active) {
    const pending = missingPermissions(manifest.permissions, installation.permissions);
    if (pending.length === 0) continue;
    add(
      `installation ${installation.account}`,
      "warn",
      `not yet granted: ${pending.join(", ")} (an owner of ${installation.account} must accept the app's new permissions)`,
    );
  }
  return checks;
}
