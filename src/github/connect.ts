/**
 * A ready client from resolved settings. For a GitHub App without a configured installation id,
 * the installation is looked up first (as the App, with its JWT) on the repository or organization.
 */
import { InputError } from "../model/errors.js";
import { GithubClient, type GithubClientOptions } from "./client.js";
import { installationSchema } from "./schemas.js";
import type { GithubSettings } from "./settings.js";

export type ConnectOptions = Omit<GithubClientOptions, "apiUrl" | "auth" | "stats"> & {
  readonly signal?: AbortSignal;
  /** Organization to find the App's installation on when there is no repository. */
  readonly org?: string;
};

export async function connectGithub(settings: GithubSettings, options: ConnectOptions = {}): Promise<GithubClient> {
  const { signal, org, ...clientOptions } = options;
  const auth = settings.auth;
  if (auth.kind === "token") return new GithubClient({ ...clientOptions, apiUrl: settings.apiUrl, auth });
  if (auth.installationId !== undefined) {
    return new GithubClient({ ...clientOptions, apiUrl: settings.apiUrl, auth: { ...auth, installationId: auth.installationId } });
  }
  const asApp = new GithubClient({ ...clientOptions, apiUrl: settings.apiUrl, auth: { kind: "app", appId: auth.appId, privateKey: auth.privateKey } });
  const call = signal === undefined ? {} : { signal };
  let installation: { readonly id: number } | undefined;
  if (settings.repository !== undefined) {
    installation = await asApp.get("getRepoInstallation", { ...settings.repository }, installationSchema, call);
  } else if (org !== undefined) {
    installation = await asApp.get("getOrgInstallation", { org }, installationSchema, call);
  } else {
    throw new InputError("RW_GITHUB_NO_INSTALLATION", `GitHub App ${auth.appId}: no installation id and no repository to find it on`, [], {
      hint: "set github.app.installation_id, or github.repository (or GITHUB_REPOSITORY)",
    });
  }
  return new GithubClient({ ...clientOptions, apiUrl: settings.apiUrl, auth: { ...auth, installationId: installation.id }, stats: asApp.stats });
}
