/** The JSON Schema of runwarden.yml (what editors validate and complete with), generated from the zod schema. */
import { z } from "zod";
import { configSchema } from "./schema.js";

export const CONFIG_SCHEMA_ID = "urn:runwarden:schema:config:v1";

/** JSON Schema (draft 2020-12) of what may be written in runwarden.yml. */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12", unrepresentable: "any" });
  const { $schema: _draft, ...body } = generated;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: CONFIG_SCHEMA_ID,
    title: "runwarden.yml",
    ...body,
  };
}

/** The file content of runwarden.schema.json: 2-space JSON and a final newline. */
export function renderJsonSchemaFile(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
