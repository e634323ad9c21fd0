/**
 * The payload fields Nightshift reads from a delivery before its work is queued. GitHub always
 * sends them; a signed payload without them is malformed (a misconfigured proxy, a hand-made
 * redelivery) and is answered 400 with the first missing field, never a 500 from a TypeError.
 */

/** `?`: may also be absent or null. */
type Kind = "string" | "number" | "object" | "array" | "object?" | "array?";
type Field = readonly [path: readonly string[], kind: Kind];

const fields = (spec: Record<string, Kind>): Field[] =>
  Object.entries(spec).map(([path, kind]) => [path.split("."), kind]);

const repository = {
  "repository.name": "string",
  "repository.owner.login": "string",
} as const;

const issueBase = {
  action: "string",
  "installation.id": "number",
  ...repository,
  "issue.number": "number",
  "issue.title": "string",
  "issue.labels": "array?",
  "issue.user": "object?",
  sender: "object?",
} as const;

/** By event name, and by `event.action` where an action reads more. */
const REQUIRED: Record<string, Field[]> = {
  issues: fields(issueBase),
  "issues.edited": fields({ ...issueBase, changes: "object" }),
  issue_comment: fields({
    ...issueBase,
    "comment.id": "number",
    "comment.body": "string",
    "comment.user": "object?",
  }),
  installation: fields({ "installation.id": "number", repositories: "array?" }),
  installation_repositories: fields({
    "installation.id": "number",
    repositories_added: "array",
  }),
  pull_request: fields({
    "installation.id": "number",
    ...repository,
    "repository.full_name": "string",
    "pull_request.number": "number",
    "pull_request.head.sha": "string",
  }),
  push: fields({ ref: "string", ...repository, "repository.default_branch": "string" }),
  pull_request_review: fields({
    action: "string",
    "installation.id": "number",
    ...repository,
    "repository.full_name": "string",
    "pull_request.number": "number",
    "review.state": "string",
    "review.user": "object?",
  }),
  pull_request_review_comment: fields({
    action: "string",
    "installation.id": "number",
    ...repository,
    "repository.full_name": "string",
    "pull_request.number": "number",
    "comment.body": "string",
    "comment.user": "object?",
  }),
  workflow_run: fields({
    action: "string",
    "installation.id": "number",
    ...repository,
    "repository.full_name": "string",
    "workflow_run.id": "number",
  }),
  workflow_job: fields({
    action: "string",
    "installation.id": "number",
    ...repository,
    "repository.full_name": "string",
    "workflow_job.run_id": "number",
  }),
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function fits(value: unknown, kind: Kind): boolean {
  if (kind.endsWith("?") && (value === undefined || value === null)) return true;
  switch (kind) {
    case "object":
    case "object?":
      return isObject(value);
    case "array":
    case "array?":
      return Array.isArray(value);
    default:
      return typeof value === kind;
  }
}

function valueAt(payload: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = payload;
  for (const key of path) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** What is wrong with this event's payload, in a few words; null when it has what is read. */
export function malformation(name: string, payload: unknown): string | null {
  if (!isObject(payload)) return "payload is not a JSON object";
  const action = typeof payload.action === "string" ? payload.action : "";
  const required = REQUIRED[`${name}.${action}`] ?? REQUIRED[name] ?? [];
  for (const [path, kind] of required) {
    if (!fits(valueAt(payload, path), kind)) {
      const type = kind.replace("?", "");
      return `${name} payload: ${path.join(".")} must be ${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
    }
  }
  return null;
}

/** A signed delivery GitHub would never send. `status`: Probot's webhook middleware answers with it. */
export class MalformedDeliveryError extends Error {
  readonly status = 400;

  constructor(message: string) {
    super(message);
    this.name = "MalformedDeliveryError";
  }
}

/** Throws `MalformedDeliveryError` unless the payload has what this event's handling reads. */
export function assertWellFormed(name: string, payload: unknown): void {
  const problem = malformation(name, payload);
  if (problem !== null) throw new MalformedDeliveryError(problem);
}
