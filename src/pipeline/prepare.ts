/**
 * Everything a deploy needs decided before it acts, so bad input is exit 2 before any guard, lock or
 * GitHub write: secrets registered with the masker, the command rendered, gates planned, the
 * environment URL rendered, and — for `--skip-if-live` — the version gates that say what is live.
 */
import type { Gate } from "../config/schema.js";
import { renderTemplate } from "../config/template.js";
import { planGates, type GatePlan } from "../gates/index.js";
import { InputError, RunwardenError, UsageError } from "../model/errors.js";
import type { Io } from "../output/io.js";
import { checkContext, type EnvironmentSetup } from "../preflight/environment.js";
import { planDeployGates } from "./checks.js";
import { renderCommand, type RenderedCommand } from "./command.js";

export interface Prepared {
  readonly command: RenderedCommand;
  readonly preGates: readonly GatePlan[];
  readonly postGates: readonly GatePlan[];
  /** The version gates, planned again for the live check (`--skip-if-live`). */
  readonly liveGates: readonly GatePlan[];
  readonly environmentUrl: string | undefined;
  /** Declared secrets that are not set in the environment (named, never shown). */
  readonly missingSecrets: readonly string[];
}

/** Registers every declared secret that is set; returns the names of those that are not. */
export function registerSecrets(setup: EnvironmentSetup, io: Io): string[] {
  const config = setup.loaded.config;
  const minLength = config.mask.min_secret_length;
  const missing: string[] = [];
  for (const name of new Set([...(setup.environment.deploy?.secrets ?? []), ...config.mask.secrets])) {
    const value = io.env[name];
    if (value !== undefined && value.trim() !== "") io.masker.addSecret(value, `environment variable ${name}`, { minLength });
    else missing.push(name);
  }
  return missing;
}

function isVersionGate(gate: Gate): boolean {
  return gate.probe.kind === "version";
}

export function prepare(setup: EnvironmentSetup, io: Io, configFile: string, skipIfLive: boolean): Prepared {
  const missingSecrets = registerSecrets(setup, io);
  const command = renderCommand(setup, configFile);
  const preGates = planDeployGates(setup, "pre", io, configFile);
  const postGates = planDeployGates(setup, "post", io, configFile);
  let liveGates: GatePlan[] = [];
  if (skipIfLive) {
    const versions = setup.environment.gates.filter(isVersionGate);
    if (versions.length === 0) {
      throw new UsageError(`--skip-if-live needs a version gate in environment '${setup.name}': without one, runwarden cannot tell what is live`, {
        hint: "add a gate with `version: { url: http://{{ ansible_host }}:8080/version }`, or drop --skip-if-live",
      });
    }
    liveGates = planGates(versions, checkContext(setup, { env: io.env }), { configFile, configPath: `environments.${setup.name}.gates` });
  }
  const template = setup.environment.deploy?.environment_url;
  let environmentUrl: string | undefined;
  if (template !== undefined) {
    try {
      environmentUrl = renderTemplate(template, setup.vars);
    } catch (e: unknown) {
      if (!(e instanceof RunwardenError)) throw e;
      throw new InputError("RW_DEPLOY_TEMPLATE", `deploy.environment_url of '${setup.name}' cannot be rendered: ${e.message}`, [
        { location: { file: configFile }, path: `environments.${setup.name}.deploy.environment_url`, message: e.message },
      ]);
    }
  }
  return { command, preGates, postGates, liveGates, environmentUrl, missingSecrets };
}
