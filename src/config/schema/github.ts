/** `github:` — which repository, which API, which credentials (by environment variable name). */
import { z } from "zod";
import { duration } from "./duration.js";
import { fieldMeta } from "./meta.js";
import { envVarName, urlString } from "./strings.js";

/**
 * The first runner release that runs `node24` actions: actions/checkout v5's README ("This requires a
 * minimum Actions Runner version of v2.327.1 to run"), https://github.com/actions/runner/releases/tag/v2.327.1.
 */
export const DEFAULT_MIN_RUNNER_VERSION = "2.327.1";

export const REPOSITORY_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

const appSchema = z
  .strictObject({
    app_id: z.int().min(1).describe("GitHub App ID."),
    private_key_env: envVarName("the name of the variable holding the App's PEM private key").describe(
      "Environment variable that holds the App's private key (PEM). The key itself never goes in this file.",
    ),
    installation_id: z.int().min(1).optional().describe("Installation ID. Default: the App's installation on `repository`."),
  })
  .describe("Authenticate as a GitHub App instead of with a token.");

export const githubSchema = z
  .strictObject({
    repository: z
      .string()
      .regex(REPOSITORY_PATTERN, { error: "not an owner/name repository" })
      .register(fieldMeta, { type: "owner/name", expected: "owner/name, e.g. acme/platform" })
      .optional()
      .describe("Repository as `owner/name`. Default: `$GITHUB_REPOSITORY`."),
    api_url: urlString("GITHUB_API_URL")
      .optional()
      .describe("REST API base URL (GitHub Enterprise Server: `https://HOST/api/v3`). Default: `$GITHUB_API_URL`, else `https://api.github.com`."),
    token_env: envVarName("the name of the variable holding the token")
      .default("GITHUB_TOKEN")
      .describe("Environment variable that holds the API token (ignored when `app` is set)."),
    app: appSchema.optional(),
    min_runner_version: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, { error: "not a runner version" })
      .register(fieldMeta, { type: "version", expected: "a runner version such as 2.330.0" })
      .default(DEFAULT_MIN_RUNNER_VERSION)
      .describe(
        'Oldest acceptable self-hosted runner version: older runners do not count for `runwarden route` and `runwarden fleet` flags them. Default: `2.327.1`, the first runner that runs `node24` actions (actions/checkout v5 and later: "requires a minimum Actions Runner version of v2.327.1"); GitHub also stops serving runners not updated within 30 days of a release.',
      ),
    request_timeout: duration().optional().describe("Time limit of one GitHub API request, response body included. Default: `10s`."),
    retries: z
      .int()
      .min(0)
      .max(10)
      .optional()
      .describe("Retries of a GitHub API request after a 5xx answer, a timeout or a network error (backoff 1 s, 4 s, 9 s …). Default: 3."),
  })
  .describe("GitHub repository and credentials. Credentials are named, never written here.");

export type GithubConfig = z.output<typeof githubSchema>;
