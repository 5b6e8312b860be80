/**
 * Every lint rule, in the order docs/lint.md lists them. A rule not listed here does not run;
 * test/lint/registry.test.ts checks that every file in this folder is listed, documented and has a
 * failing and a passing fixture.
 */
import type { Rule } from "../types.js";
import { configInvalid } from "./config-invalid.js";
import { deployConcurrency } from "./deploy-concurrency.js";
import { deployContinueOnError } from "./deploy-continue-on-error.js";
import { deployOnPullRequest } from "./deploy-on-pull-request.js";
import { deploySecondApproval } from "./deploy-second-approval.js";
import { deployStaticRunner } from "./deploy-static-runner.js";
import { deployTimeout } from "./deploy-timeout.js";
import { inventoryLoopback } from "./inventory-loopback.js";
import { literalIp } from "./literal-ip.js";
import { localhostTarget } from "./localhost-target.js";
import { parseError } from "./parse-error.js";
import { permissions } from "./permissions.js";
import { secretFromJson } from "./secret-from-json.js";
import { secretInRun } from "./secret-in-run.js";
import { secretPrinted } from "./secret-printed.js";
import { secretsInherit } from "./secrets-inherit.js";
import { selfHostedPullRequest } from "./self-hosted-pull-request.js";
import { suppressionInvalid } from "./suppression-invalid.js";
import { unpinnedAction } from "./unpinned-action.js";
import { untrustedInputRule } from "./untrusted-input.js";

export const RULES: readonly Rule[] = [
  deployTimeout,
  deployConcurrency,
  deployContinueOnError,
  deployStaticRunner,
  deploySecondApproval,
  deployOnPullRequest,
  selfHostedPullRequest,
  secretInRun,
  secretPrinted,
  secretFromJson,
  secretsInherit,
  permissions,
  untrustedInputRule,
  unpinnedAction,
  literalIp,
  localhostTarget,
  inventoryLoopback,
  configInvalid,
  parseError,
  suppressionInvalid,
];

/** Rules the linter reports itself rather than through `check()`. */
export const BUILT_IN_RULE_IDS = new Set([parseError.id, suppressionInvalid.id]);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
