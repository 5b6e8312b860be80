/** `lint:` — what `runwarden lint` reports: rules turned off, the threshold, what counts as production. */
import { z } from "zod";
import { fieldMeta } from "./meta.js";

const ruleId = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, { error: "not a lint rule id" })
  .register(fieldMeta, { type: "rule id", expected: "a rule id from docs/lint.md, e.g. unpinned-action" });

const pattern = z
  .string()
  .min(1, { error: "must not be empty" })
  .register(fieldMeta, { type: "name pattern", expected: "a name, or a pattern with * wildcards such as prod-*" });

/** An IPv4 or IPv6 network in CIDR form, or one address. */
const cidr = z
  .string()
  .regex(/^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(?:\/\d{1,3})?$/, { error: "not an IP network" })
  .register(fieldMeta, { type: "CIDR", expected: "an IP network such as 10.0.0.0/8 or fd00::/8, or one address" });

export const lintSchema = z
  .strictObject({
    severity: z
      .enum(["error", "warning", "notice"])
      .default("warning")
      .describe("Lowest severity that fails `runwarden lint` (exit 1); `--severity` overrides it."),
    disable: z.array(ruleId).default([]).describe("Rules not run at all (ids from docs/lint.md)."),
    production: z
      .strictObject({
        environments: z
          .array(pattern)
          .optional()
          .describe(
            "GitHub environment names (`*` wildcards) whose jobs deploy to production. Default: the environments of this file plus `production`, `prod`, `prod-*`, `production-*`, `*-prod`, `*-production`.",
          ),
        runner_labels: z
          .array(pattern)
          .optional()
          .describe(
            "Runner labels that mark production runners. Default: `production`, `prod` and the labels of this file's runner groups other than generic ones (`self-hosted`, OS, architecture).",
          ),
        runner_groups: z
          .array(pattern)
          .optional()
          .describe("Runner group names that hold production runners. Default: the `group` of every runner group in this file."),
      })
      .prefault({})
      .describe('What counts as deploying to production (docs/lint.md, "Which jobs deploy").'),
    addresses: z
      .strictObject({
        allow_loopback: z.boolean().default(true).describe("Literal loopback addresses (127.0.0.0/8, ::1) are not reported by `literal-ip`."),
        allow_documentation: z
          .boolean()
          .default(true)
          .describe(
            "Documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) and the unspecified addresses (0.0.0.0, ::) are not reported.",
          ),
        allow: z.array(cidr).default([]).describe("Further networks whose literal addresses are not reported."),
      })
      .prefault({})
      .describe("Which literal IP addresses `literal-ip` leaves alone."),
    trusted_action_owners: z
      .array(pattern)
      .default(["actions", "github"])
      .describe("Owners whose actions may be pinned to a tag instead of a commit SHA (`unpinned-action`)."),
    max_file_size: z
      .int()
      .min(1024)
      .default(8 * 1024 * 1024)
      .describe("Largest file read, in bytes; a larger one is a parse error."),
  })
  .describe("`runwarden lint`: rules, threshold and what counts as production (docs/lint.md).");

export type LintConfig = z.output<typeof lintSchema>;
