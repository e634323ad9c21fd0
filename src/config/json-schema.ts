import { z } from "zod";
import { RepoConfigSchema } from "./repo-schema.js";

/** Where editors find the schema; the `# yaml-language-server: $schema=` line points here. */
export const SCHEMA_URL =
  "https://raw.githubusercontent.com/nightshift-bot/nightshift/main/schema/nightshift.schema.json";

/**
 * The JSON Schema of `.github/nightshift.yml` for editors (completion, hover, errors as you
 * type), generated from the zod schema so the two never disagree. Describes what may be
 * written (zod's input side: every defaulted key optional), plus Probot's `_extends`, which
 * the loader resolves before validating.
 */
export function repoConfigJsonSchema(): Record<string, unknown> {
  // Draft 7: what the YAML language server and VS Code read best.
  const generated = z.toJSONSchema(RepoConfigSchema, { io: "input", target: "draft-7" }) as Record<
    string,
    unknown
  >;
  const properties = (generated.properties ?? {}) as Record<string, unknown>;
  return {
    $schema: generated.$schema,
    $id: SCHEMA_URL,
    title: "Nightshift repository config (.github/nightshift.yml)",
    ...generated,
    properties: {
      _extends: {
        type: "string",
        description:
          "Org-wide defaults to start from: a repository (`.github`) or `repo:path`, read by Probot.",
      },
      ...properties,
    },
  };
}

/** schema/nightshift.schema.json's exact text: two-space JSON and a final newline. */
export const repoConfigSchemaText = (): string =>
  `${JSON.stringify(repoConfigJsonSchema(), null, 2)}\n`;
