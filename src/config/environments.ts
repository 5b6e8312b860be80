/** Looking up an environment of runwarden.yml by the name a user typed (`--environment`). */
import { InputError } from "../model/errors.js";
import type { LoadedConfig } from "./load.js";
import type { EnvironmentConfig } from "./schema.js";

/** The environment `name` of the config, or an `InputError` (exit 2) listing the ones there are. */
export function environmentOf(loaded: LoadedConfig, name: string): EnvironmentConfig {
  // hasOwn: a name such as `constructor` must not find Object.prototype's members.
  const environment = Object.hasOwn(loaded.config.environments, name) ? loaded.config.environments[name] : undefined;
  if (environment === undefined) {
    const known = Object.keys(loaded.config.environments);
    throw new InputError(
      "RW_UNKNOWN_ENVIRONMENT",
      `no environment '${name}' in ${loaded.file}`,
      [{ location: { file: loaded.file }, path: "environments", message: `no environment '${name}'` }],
      {
        hint: `choose one of: ${known.join(", ")}`,
      },
    );
  }
  return environment;
}
