import { configJsonSchema } from "../../../config/json-schema.js";
import { EXIT, type ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";

/** `runwarden config schema`: the JSON Schema of runwarden.yml, generated from the one zod schema. */
export function configSchema(io: Io): ExitCode {
  io.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
