/**
 * `npm run schema`: writes schema/nightshift.schema.json, the JSON Schema editors use for
 * `.github/nightshift.yml`, from the zod schema. test/config/json-schema.test.ts fails when the
 * committed file is not what this writes.
 */
import { writeFileSync } from "node:fs";
import { repoConfigSchemaText } from "../src/config/json-schema.js";

const file = new URL("../schema/nightshift.schema.json", import.meta.url);
writeFileSync(file, repoConfigSchemaText());
console.log(`wrote ${file.pathname}`);
