import examples from "@octokit/webhooks-examples";

type Example = Record<string, unknown> & { action?: string };

/**
 * A real webhook payload from `@octokit/webhooks-examples`, deep-copied so no test can mutate
 * the shared fixture.
 */
export function examplePayload(
  event: string,
  action: string | undefined,
  withInstallation = true,
): Example {
  const group = (examples as unknown as { name: string; examples: Example[] }[]).find(
    (e) => e.name === event,
  );
  const candidates = group?.examples.filter((e) => e.action === action) ?? [];
  const found = candidates.find((e) => !withInstallation || "installation" in e) ?? candidates[0];
  if (!found) throw new Error(`no example payload for ${event}.${action ?? "(no action)"}`);
  return structuredClone(found);
}
