/**
 * Where runwarden talks to and as whom: API base URL (GHES works: https://HOST/api/v3), repository,
 * and credentials — a token from the environment, or a GitHub App (id + private key from an
 * environment variable + installation). Secret values found here are returned for the caller to
 * register with the masker before anything is printed.
 */
import { InputError } from "../model/errors.js";
import { DEFAULT_API_URL } from "./client.js";
import type { GithubAuth } from "./octokit.js";
import type { RepoRef } from "./api/runners.js";

export type EnvLike = Readonly<Record<string, string | undefined>>;

/** The `github:` section of runwarden.yml (structurally the config's `GithubConfig`). */
export interface GithubSettingsInput {
  readonly repository?: string | undefined;
  readonly api_url?: string | undefined;
  readonly token_env?: string | undefined;
  readonly app?: { readonly app_id: number; readonly private_key_env: string; readonly installation_id?: number | undefined } | undefined;
}

/** App credentials whose installation may still have to be looked up. */
export type SettingsAuth =
  | Exclude<GithubAuth, { kind: "app" }>
  | { readonly kind: "app"; readonly appId: number; readonly privateKey: string; readonly installationId: number | undefined };

export interface GithubSettings {
  readonly apiUrl: string;
  readonly repository: RepoRef | undefined;
  readonly auth: SettingsAuth;
  /** Where the credentials came from, for messages (`environment variable GITHUB_TOKEN`). */
  readonly credentialSource: string;
  /** Secret values to register with the masker, with where each came from. */
  readonly secrets: readonly { readonly value: string; readonly source: string }[];
}

const REPOSITORY = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

export function parseRepository(text: string, source: string): RepoRef {
  const match = REPOSITORY.exec(text.trim());
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new InputError("RW_GITHUB_REPOSITORY", `${source} is not an owner/name repository: '${text}'`, [], {
      hint: "write it as owner/name, e.g. acme/platform",
    });
  }
  return { owner: match[1], repo: match[2] };
}

function apiUrl(input: GithubSettingsInput, env: EnvLike): string {
  const [value, source] =
    input.api_url !== undefined
      ? [input.api_url, "github.api_url"]
      : env.GITHUB_API_URL
        ? [env.GITHUB_API_URL, "GITHUB_API_URL"]
        : [DEFAULT_API_URL, "default"];
  let url: URL;
  try {
    url = new URL(value);
  } catch (e: unknown) {
    throw new InputError("RW_GITHUB_API_URL", `${source} is not a URL: '${value}'`, [], {
      hint: "e.g. https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server",
      cause: e,
    });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InputError("RW_GITHUB_API_URL", `${source} must be an http(s) URL, found '${url.protocol}'`, [], { hint: "e.g. https://api.github.com" });
  }
  return url.href.replace(/\/+$/, "");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** Resolves settings from the config section and the environment; throws `InputError` (exit 2) without usable credentials. */
export function resolveGithubSettings(input: GithubSettingsInput, env: EnvLike): GithubSettings {
  const repositoryText = input.repository ?? nonEmpty(env.GITHUB_REPOSITORY);
  const repository =
    repositoryText === undefined ? undefined : parseRepository(repositoryText, input.repository !== undefined ? "github.repository" : "GITHUB_REPOSITORY");
  const base = { apiUrl: apiUrl(input, env), repository };
  if (input.app !== undefined) {
    const name = input.app.private_key_env;
    const privateKey = nonEmpty(env[name]);
    if (privateKey === undefined) {
      throw new InputError("RW_GITHUB_NO_CREDENTIALS", `github.app is configured but the environment variable ${name} (the App's private key) is not set`, [], {
        hint: `export ${name} with the App's PEM private key (e.g. from a secret), or remove github.app to use a token`,
      });
    }
    const source = `environment variable ${name}`;
    return {
      ...base,
      auth: { kind: "app", appId: input.app.app_id, privateKey: privateKey.replace(/\\n/g, "\n"), installationId: input.app.installation_id },
      credentialSource: `GitHub App ${input.app.app_id} (key in ${name})`,
      secrets: [{ value: privateKey, source }],
    };
  }
  const tokenEnv = input.token_env ?? "GITHUB_TOKEN";
  for (const name of ["RUNWARDEN_GITHUB_TOKEN", tokenEnv]) {
    const token = nonEmpty(env[name]);
    if (token !== undefined) {
      const source = `environment variable ${name}`;
      return { ...base, auth: { kind: "token", token: token.trim() }, credentialSource: source, secrets: [{ value: token, source }] };
    }
  }
  throw new InputError("RW_GITHUB_NO_CREDENTIALS", `no GitHub credentials: neither RUNWARDEN_GITHUB_TOKEN nor ${tokenEnv} is set`, [], {
    hint: `export ${tokenEnv} (in Actions: env: { ${tokenEnv}: \${{ secrets.RUNWARDEN_TOKEN }} }), or configure github.app; docs/github.md lists the permissions needed`,
  });
}
