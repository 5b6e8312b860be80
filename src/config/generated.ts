/** The files generated from the config schema, by repository path (written by scripts/generate.ts, pinned by a test). */
import { renderJsonSchemaFile } from "./json-schema.js";
import { renderReferenceDoc } from "./reference-doc.js";

export function generatedFiles(): Record<string, string> {
  return {
    "runwarden.schema.json": renderJsonSchemaFile(),
    "docs/config-reference.md": renderReferenceDoc(),
  };
}
