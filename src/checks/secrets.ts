/**
 * `secrets`: named environment variables are set and non-empty. Only names ever reach the result:
 * a value is read to test its length and is never copied into a summary or evidence.
 */
import type { PreflightCheckOf } from "../config/schema.js";
import type { KindDefinition } from "./context.js";
import { DEFAULT_CHECK_TIMEOUT_MS, type Outcome, type Probe } from "./types.js";

export interface SecretsProbeOptions {
  readonly names: readonly string[];
  readonly timeoutMs: number;
}

export function secretsProbe(options: SecretsProbeOptions): Probe {
  return {
    timeoutMs: options.timeoutMs,
    body(ctx): Promise<Outcome> {
      const missing: string[] = [];
      const empty: string[] = [];
      for (const name of options.names) {
        const value = Object.hasOwn(ctx.env, name) ? ctx.env[name] : undefined;
        if (value === undefined) missing.push(name);
        else if (value.trim() === "") empty.push(name);
      }
      if (options.names.length === 0) return Promise.resolve({ status: "warn", summary: "no secret names to check" });
      if (missing.length === 0 && empty.length === 0) {
        return Promise.resolve({ status: "pass", summary: `${options.names.length} secret(s) set: ${options.names.join(", ")}` });
      }
      const parts = [missing.length > 0 ? `not set: ${missing.join(", ")}` : "", empty.length > 0 ? `empty: ${empty.join(", ")}` : ""];
      return Promise.resolve({
        status: "fail",
        summary: parts.filter((part) => part !== "").join("; "),
        evidence: ["pass secrets to the step as env: { NAME: ${{ secrets.NAME }} }"],
      });
    },
  };
}

type SecretsSpec = Omit<PreflightCheckOf<"secrets">, "name" | "warn_only">;

export const secretsKind: KindDefinition<SecretsSpec> = {
  kind: "secrets",
  description: "Named secret environment variables are set and non-empty (names only, never values).",
  label: () => "secrets",
  perHost: () => false,
  probe: (spec, target) =>
    secretsProbe({
      names: spec.names ?? target.context.secretNames ?? [],
      timeoutMs: target.context.timeouts?.checkMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    }),
};
