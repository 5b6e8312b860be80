/**
 * Every error code runwarden can print, once: the closed set `RunwardenError.code` is typed with.
 * A new error is a new line here (the compiler refuses an unknown code), and docs/errors.md is
 * generated from this list (`npm run gen`; test/output/error-codes.test.ts keeps it in sync).
 * Scripts may branch on these codes: they are stable.
 */

interface CodeInfo {
  /** The exit code the error ends in: 2 bad input, 3 could not decide. */
  readonly exit: 2 | 3;
  /** What happened, and where to look. */
  readonly meaning: string;
}

export const ERROR_CODES = {
  RW_USAGE: { exit: 2, meaning: "The command line is wrong: an unknown flag or command, a missing argument, a bad value." },
  RW_USAGE_CONFLICT: { exit: 2, meaning: "Two flags contradict each other (e.g. `--force-group G` and `--exclude G`)." },
  RW_USAGE_ENV_NAME: { exit: 2, meaning: "`--env` was given something that is not an environment variable name (a value, perhaps): pass the NAME." },
  RW_CONFIG_INVALID: { exit: 2, meaning: "runwarden.yml does not match its schema or its templates do not parse; every problem names file:line:col." },
  RW_CONFIG_NOT_FOUND: { exit: 2, meaning: "The config file does not exist (default ./runwarden.yml; `--config` names another)." },
  RW_CONFIG_UNREADABLE: { exit: 2, meaning: "The config file exists but cannot be read: a folder, a device or FIFO, too large, no permission, not UTF-8." },
  RW_UNKNOWN_ENVIRONMENT: { exit: 2, meaning: "`--environment` names no environment of runwarden.yml." },
  RW_UNKNOWN_RUNNER_GROUP: { exit: 2, meaning: "`--force-group`/`--exclude` names no runner group of the environment." },
  RW_DRILL_NOT_ALLOWED: { exit: 2, meaning: "`--force-group` was used where `route.allow_force_group` is not true." },
  RW_TEMPLATE_SYNTAX: { exit: 2, meaning: "A `{{ … }}` template in runwarden.yml does not parse." },
  RW_TEMPLATE_RENDER: { exit: 2, meaning: "A template could not be rendered with the inventory's variables (a filter failed, a value has the wrong type)." },
  RW_TEMPLATE_UNDEFINED: { exit: 2, meaning: "A template uses a variable the inventory does not define for that host (give a `default(…)` or define it)." },
  RW_INVENTORY_MISSING: { exit: 2, meaning: "No inventory was given: neither `-i` nor `inventory:` in runwarden.yml." },
  RW_INVENTORY_INVALID: { exit: 2, meaning: "An inventory source cannot be parsed the way Ansible would parse it; the problems name file:line." },
  RW_INVENTORY_VARS_INVALID: { exit: 2, meaning: "A group_vars/host_vars file cannot be read or parsed." },
  RW_INVENTORY_LIMIT: { exit: 2, meaning: "An inventory exceeds a documented budget (hosts in a range, file size, nesting): docs/inventory.md#limits." },
  RW_INVENTORY_PATTERN: { exit: 2, meaning: "A host pattern is not valid (docs/inventory.md lists the syntax)." },
  RW_INVENTORY_HOST: { exit: 2, meaning: "`inventory --host` needs a pattern that selects exactly one host." },
  RW_INVENTORY_GROUP: { exit: 2, meaning: "`inventory --graph` needs a group name." },
  RW_CHECK_SETTING: { exit: 2, meaning: "A preflight check or gate lacks a setting it needs (e.g. a command check without `program`)." },
  RW_CHECK_TARGET: { exit: 2, meaning: "A tcp/dns check has no host: set `host` or `each_host: true`." },
  RW_CHECK_PORT: { exit: 2, meaning: "A port template rendered to something that is not a port number." },
  RW_CHECK_URL: { exit: 2, meaning: "An http check's URL is not a full http:// or https:// URL." },
  RW_CONDITION_INVALID: { exit: 2, meaning: "A gate or check `condition` is not a valid expression over `result`." },
  RW_JSON_PATH: { exit: 2, meaning: "A `json_path` of an http check is not valid." },
  RW_GATE_INVALID: { exit: 2, meaning: "The environment's gates cannot be planned (templates, hosts, conditions)." },
  RW_NO_CHECKS: { exit: 2, meaning: "`preflight` was asked for an environment with no preflight checks: nothing would be proven." },
  RW_NO_GATES: { exit: 2, meaning: "`gate` was asked for an environment with no gates of that phase: nothing would be verified, and that is not a pass." },
  RW_NO_DEPLOY: { exit: 2, meaning: "`deploy` was asked for an environment without a `deploy:` section." },
  RW_DEPLOY_TEMPLATE: { exit: 2, meaning: "`deploy.run` cannot be rendered with the inventory's variables." },
  RW_PROMETHEUS_URL: { exit: 2, meaning: "A Prometheus check or gate has no URL: set monitoring.prometheus_url from the inventory." },
  RW_PROMETHEUS_URL_AMBIGUOUS: { exit: 2, meaning: "The selected hosts disagree on the Prometheus URL: define it once for the environment." },
  RW_SECRET_FILE: { exit: 2, meaning: "A `--secret-file` cannot be read (missing, not a regular file, too large)." },
  RW_SECRET_MISSING: { exit: 2, meaning: "A secret named with `--env` (or `deploy.secrets`) is not set or empty." },
  RW_SECRET_POLICY: {
    exit: 2,
    meaning:
      "A secret is refused by the masking policy (shorter than the minimum length: masking it would hide ordinary words; its forms over the form budget: docs/limits.md).",
  },
  RW_LIMIT_INVALID: { exit: 2, meaning: "A limit variable (RUNWARDEN_*_MAX_*) is not a whole number ≥ 1 (sizes may end in K, M or G): docs/limits.md." },
  RW_OUTPUT: { exit: 3, meaning: "Output could not be written: a full disk, a closed descriptor, an I/O error (docs/limits.md#output-errors)." },
  RW_GITHUB_API_URL: { exit: 2, meaning: "GITHUB_API_URL (or github.api_url) is not a URL." },
  RW_GITHUB_NO_CREDENTIALS: { exit: 2, meaning: "No GitHub token or App key was found where the config says it would be." },
  RW_GITHUB_NO_INSTALLATION: { exit: 2, meaning: "A GitHub App is configured without an installation id and without a repository to find it." },
  RW_GITHUB_REPOSITORY: { exit: 2, meaning: "Which repository? Neither github.repository nor GITHUB_REPOSITORY is set." },
  RW_GITHUB_AUTH: { exit: 2, meaning: "GitHub rejected the credentials (401)." },
  RW_GITHUB_FORBIDDEN: {
    exit: 2,
    meaning: "GitHub refused the request (403 without a rate limit): the token lacks a permission; docs/github.md lists them per command.",
  },
  RW_GITHUB_NOT_FOUND: { exit: 2, meaning: "GitHub answered 404: a wrong repository or name, or a token that cannot see it." },
  RW_GITHUB_REJECTED: { exit: 2, meaning: "GitHub refused a request as invalid (409/422); its message says what it expected." },
  RW_BAD_RUN_ID: { exit: 2, meaning: "`--run-id` is not a workflow run id." },
  RW_UNKNOWN_JOB: { exit: 2, meaning: "The run has no job of that name." },
  RW_AMBIGUOUS_JOB: { exit: 2, meaning: "Several jobs of the run match that name: give the full name." },
  RW_WATCHDOG_NO_WORKFLOW: { exit: 2, meaning: "No environment names its deploy workflow (route.workflow), so the watchdog cannot know what to watch." },
  RW_WATCHDOG_WORKFLOW: { exit: 2, meaning: "route.workflow is not a workflow file of this repository." },
  RW_REPORT_NO_WORKFLOW: {
    exit: 2,
    meaning: "`report --from-github` needs the deploy workflow of each environment it reports (route.workflow, or $GITHUB_WORKFLOW_REF).",
  },
  RW_SCENARIO_NOT_FOUND: { exit: 2, meaning: "The emulator's scenario file cannot be read." },
  RW_SCENARIO_INVALID: { exit: 2, meaning: "The emulator's scenario file does not match its schema (docs/sandbox.md)." },
  RW_LINT_PATH: { exit: 2, meaning: "A path given to `lint` does not exist." },
  RW_AUDIT_FROM_INVALID: { exit: 2, meaning: "`audit verify --from` names an entry the chain does not have." },
  RW_AUDIT_KEY_REQUIRED: { exit: 2, meaning: "The chain is keyed (HMAC): verifying it needs RUNWARDEN_AUDIT_KEY." },
  RW_AUDIT_KEY_INVALID: { exit: 2, meaning: "An audit key is not an Ed25519 key of the expected kind." },
  RW_AUDIT_KEY_MISMATCH: { exit: 2, meaning: "The signing key does not belong to the configured public key." },
  RW_AUDIT_KEY_EXISTS: { exit: 2, meaning: "`audit keygen` will not overwrite an existing key file." },
  RW_AUDIT_KEY_FILE: { exit: 2, meaning: "`audit keygen` cannot create the key file." },
  RW_AUDIT_PUBLIC_KEY_REQUIRED: { exit: 2, meaning: "Checkpoints were given but no public key to check their signatures." },
  RW_AUDIT_SIGNING_KEY_REQUIRED: { exit: 2, meaning: "Checkpoints are configured but RUNWARDEN_AUDIT_SIGNING_KEY is not set." },
  RW_AUDIT_CHECKPOINTS_REQUIRED: { exit: 2, meaning: "A signing key is set but audit.checkpoints names no place for the checkpoints." },
  RW_AUDIT_CHECKPOINTS_INVALID: { exit: 2, meaning: "The checkpoints file is not one runwarden wrote." },
  RW_AUDIT_CHECKPOINTS_SAME_STORE: { exit: 2, meaning: "Checkpoints must live somewhere else than the chain they vouch for." },
  RW_UNREACHABLE: { exit: 3, meaning: "GitHub, Prometheus or another dependency could not be reached after retries: nothing was decided." },
  RW_STORE: { exit: 3, meaning: "The store (SQLite or PostgreSQL) could not be opened, read or written." },
  RW_STORE_TOO_NEW: { exit: 3, meaning: "The store's schema is newer than this runwarden: upgrade runwarden (it never downgrades a database)." },
  RW_INTERNAL: { exit: 3, meaning: "A bug in runwarden: rerun with RUNWARDEN_DEBUG=1 for the stack trace and report it." },
} as const satisfies Record<string, CodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;
