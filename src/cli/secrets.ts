/** Secrets runwarden registers with the masker before anything is printed. */
import { limitValue, MASK_FORM_BYTES } from "../files/limits.js";
import type { Masker } from "../mask/index.js";
import type { Env } from "../output/io.js";

/** Tokens runwarden itself may read: always masked when set. */
export const TOKEN_ENV_VARS = ["GITHUB_TOKEN", "GH_TOKEN", "RUNWARDEN_GITHUB_TOKEN", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"] as const;

/** Prepares the process's masker from its environment: the form budget
 * (RUNWARDEN_MASK_MAX_FORM_BYTES, read here only, for every command), then the token variables. */
export function registerEnvSecrets(masker: Masker, env: Env): void {
  masker.setMaxFormBytes(limitValue(MASK_FORM_BYTES, env));
  for (const name of TOKEN_ENV_VARS) {
    const value = env[name];
    if (value !== undefined && value !== "") masker.addSecret(value, `environment variable ${name}`);
  }
}
