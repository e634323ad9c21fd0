import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** What app.yml asks GitHub for: the permissions and events the code needs. */
export interface AppManifest {
  permissions: Record<string, string>;
  events: string[];
}

const ManifestSchema = z.object({
  default_permissions: z.record(z.string(), z.string()),
  default_events: z.array(z.string()),
});

/** app.yml sits at the package root: two levels above this file in `src/` and in `dist/`. */
export const APP_YML = new URL("../../app.yml", import.meta.url);

export function readAppManifest(file: URL | string = APP_YML): AppManifest {
  const parsed = ManifestSchema.parse(parseYaml(readFileSync(file, "utf8")));
  return { permissions: parsed.default_permissions, events: parsed.default_events };
}
