/** `mask:` — secret masking policy shared by every command. */
import { z } from "zod";
import { envVarName } from "./strings.js";

export const maskSchema = z
  .strictObject({
    min_secret_length: z
      .int()
      .min(1)
      .default(6)
      .describe("Shortest secret value accepted for masking; a shorter one is refused (it would mask ordinary words)."),
    secrets: z
      .array(envVarName().describe("An environment variable name."))
      .default([])
      .describe("Names of environment variables whose values are masked in every command (in addition to each environment's `deploy.secrets`)."),
  })
  .describe("Secret masking: every byte runwarden writes passes through the masker.");

export type MaskConfig = z.output<typeof maskSchema>;
