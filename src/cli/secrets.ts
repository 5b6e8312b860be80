/** Secrets runwarden registers with the masker before anything is printed. */
import type { Masker } from "../mask/index.js";
import type { Env } from "../output/io.js";

/** Tokens runwarden itself may read: always masked when set. */
export const TOKEN_ENV_VARS = ["GITHUB_TOKEN", "GH_TOKEN", "RUNWARDEN_GITHUB_TOKEN", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"] as const;

export function registerEnvSecrets(masker: Masker, env: Env): void {
  for (const name of TOKEN_ENV_VARS) {
    const value = env[name];
    if (value !== undefined && value !== "") masker.addSecret(value, `environment variable ${name}`);
  }
}
