/**
 * What the rules need to know about this repository: the threshold, disabled rules, which
 * environments, runner labels and runner groups are production, which literal addresses are fine,
 * whose actions may float on a tag. Built from runwarden.yml's `lint:` section (defaults when there
 * is no runwarden.yml) and its environments.
 */
import { BlockList, isIPv4, isIPv6 } from "node:net";
import { lintSchema, type LintConfig } from "../config/schema/lint.js";
import type { Config } from "../config/schema.js";
import type { LintSeverity } from "./types.js";

export const DEFAULT_PRODUCTION_ENVIRONMENTS = ["production", "prod", "prod-*", "production-*", "*-prod", "*-production"];
export const DEFAULT_PRODUCTION_LABELS = ["production", "prod"];
/** Labels every self-hosted runner carries: they say nothing about production. */
const GENERIC_LABELS = new Set(["self-hosted", "linux", "windows", "macos", "x64", "x86", "arm", "arm64"]);

const LOOPBACK = [
  ["127.0.0.0", 8, "ipv4"],
  ["::1", 128, "ipv6"],
] as const;
const DOCUMENTATION = [
  ["192.0.2.0", 24, "ipv4"],
  ["198.51.100.0", 24, "ipv4"],
  ["203.0.113.0", 24, "ipv4"],
  ["0.0.0.0", 32, "ipv4"],
  ["2001:db8::", 32, "ipv6"],
  ["::", 128, "ipv6"],
] as const;

export interface LintPolicy {
  readonly threshold: LintSeverity;
  readonly disabled: ReadonlySet<string>;
  readonly maxFileBytes: number;
  isProductionEnvironment(name: string): boolean;
  isProductionLabel(label: string): boolean;
  isProductionGroup(group: string): boolean;
  /** Whether a literal address is left alone by `literal-ip`. */
  addressAllowed(address: string): boolean;
  isTrustedOwner(owner: string): boolean;
  /** Host patterns of the production environments in runwarden.yml (for `inventory-loopback`). */
  readonly productionHostPatterns: readonly string[];
  /** GitHub environments that only hold the approval (`guards.approval_environment`), lower-cased. */
  readonly approvalEnvironments: ReadonlySet<string>;
  /** Environments whose approval is taken in an approval environment (their jobs wait for no reviewer), lower-cased. */
  readonly approvedElsewhere: ReadonlySet<string>;
}

/** A `*` pattern as a case-insensitive whole-string test. */
export function globMatcher(patterns: readonly string[]): (name: string) => boolean {
  const regexes = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .split("*")
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*")}$`,
        "i",
      ),
  );
  return (name) => regexes.some((regex) => regex.test(name));
}

function addressList(config: LintConfig["addresses"]): BlockList {
  const list = new BlockList();
  const ranges = [...(config.allow_loopback ? LOOPBACK : []), ...(config.allow_documentation ? DOCUMENTATION : [])];
  for (const [network, prefix, family] of ranges) list.addSubnet(network, prefix, family);
  for (const entry of config.allow) {
    const [network = "", prefixText] = entry.split("/");
    const family = isIPv4(network) ? "ipv4" : isIPv6(network) ? "ipv6" : undefined;
    if (family === undefined) continue;
    const prefix = prefixText === undefined ? (family === "ipv4" ? 32 : 128) : Number(prefixText);
    if (Number.isInteger(prefix) && prefix >= 0 && prefix <= (family === "ipv4" ? 32 : 128)) list.addSubnet(network, prefix, family);
  }
  return list;
}

/** The policy for `config` (runwarden.yml, when there is one) and its `lint:` section. */
export function lintPolicy(config: Config | undefined, overrides: { threshold?: LintSeverity } = {}): LintPolicy {
  const lint: LintConfig = config?.lint ?? lintSchema.parse({});
  const environments = Object.entries(config?.environments ?? {});
  const groups = environments.flatMap(([, env]) => env.runner_groups);
  const environmentNames = lint.production.environments ?? [...DEFAULT_PRODUCTION_ENVIRONMENTS, ...environments.map(([name]) => name)];
  const labels = lint.production.runner_labels ?? [
    ...DEFAULT_PRODUCTION_LABELS,
    ...groups.flatMap((group) => group.labels).filter((label) => !GENERIC_LABELS.has(label.toLowerCase())),
  ];
  const groupNames = lint.production.runner_groups ?? groups.flatMap((group) => (group.group === undefined ? [] : [group.group]));
  const isEnvironment = globMatcher(environmentNames);
  const isLabel = globMatcher(labels);
  const isGroup = globMatcher(groupNames);
  const isOwner = globMatcher(lint.trusted_action_owners);
  const allowed = addressList(lint.addresses);
  return {
    threshold: overrides.threshold ?? lint.severity,
    disabled: new Set(lint.disable),
    maxFileBytes: lint.max_file_size,
    isProductionEnvironment: isEnvironment,
    isProductionLabel: isLabel,
    // A group name may carry its level: `org/prod-primary`, `ent/prod-primary`.
    isProductionGroup: (group) => isGroup(group.replace(/^(?:org|ent)\//i, "")),
    addressAllowed(address) {
      const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
      if (isIPv4(bare)) return allowed.check(bare, "ipv4");
      if (isIPv6(bare)) return allowed.check(bare, "ipv6");
      return false;
    },
    isTrustedOwner: isOwner,
    productionHostPatterns: environments.filter(([name]) => isEnvironment(name)).map(([, env]) => env.hosts),
    approvalEnvironments: new Set(
      environments.flatMap(([, env]) => (env.guards.approval_environment === undefined ? [] : [env.guards.approval_environment.toLowerCase()])),
    ),
    approvedElsewhere: new Set(environments.filter(([, env]) => env.guards.approval_environment !== undefined).map(([name]) => name.toLowerCase())),
  };
}
