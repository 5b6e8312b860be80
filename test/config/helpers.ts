/** Helpers for the config tests: load a fixture or inline text, capture the ConfigError. */
import { fileURLToPath } from "node:url";
import { loadConfig, type LoadedConfig } from "../../src/config/load.js";
import { ConfigError, type Problem } from "../../src/model/errors.js";
import { thrown } from "../helpers/thrown.js";

export const FIXTURES = fileURLToPath(new URL("../fixtures/config/", import.meta.url));
export const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** Loads `text` as if it were the file `name` (no disk access). */
export function loadText(text: string, name = "runwarden.yml"): LoadedConfig {
  return loadConfig(name, { readFile: () => text });
}

/** The ConfigError thrown by `load`, or a failed expectation. */
export function configError(load: () => unknown): ConfigError {
  return thrown(ConfigError, load);
}

/** Problems of inline text. */
export function problemsOf(text: string, name = "runwarden.yml"): readonly Problem[] {
  return configError(() => loadText(text, name)).problems;
}

/** `line:col` of a problem. */
export function at(problem: Problem | undefined): string {
  return `${problem?.location.line ?? "?"}:${problem?.location.col ?? "?"}`;
}

/** A minimal valid config (7 lines) that cases append to. */
export const BASE = `inventory: hosts
environments:
  production:
    hosts: production
    runner_groups:
      - name: primary
        labels: [self-hosted, production]
`;
