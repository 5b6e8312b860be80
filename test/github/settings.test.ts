/** Where runwarden talks to and as whom: API URL, repository, token or App, and the secrets to mask. */
import { describe, expect, it } from "vitest";
import { resolveGithubSettings } from "../../src/github/settings.js";
import { InputError } from "../../src/model/errors.js";
import { thrown } from "../helpers/thrown.js";

describe("resolveGithubSettings", () => {
  it("defaults to api.github.com and GITHUB_TOKEN; GITHUB_REPOSITORY names the repository", () => {
    const settings = resolveGithubSettings({}, { GITHUB_TOKEN: "token-1234567", GITHUB_REPOSITORY: "acme/platform" });
    expect(settings).toMatchObject({
      apiUrl: "https://api.github.com",
      repository: { owner: "acme", repo: "platform" },
      auth: { kind: "token", token: "token-1234567" },
    });
    expect(settings.secrets).toEqual([{ value: "token-1234567", source: "environment variable GITHUB_TOKEN" }]);
  });

  it("RUNWARDEN_GITHUB_TOKEN wins over the configured variable; GHES via GITHUB_API_URL; config wins over env", () => {
    const settings = resolveGithubSettings(
      { repository: "acme/infra", token_env: "DEPLOY_TOKEN" },
      {
        RUNWARDEN_GITHUB_TOKEN: "override-123",
        DEPLOY_TOKEN: "deploy-123",
        GITHUB_API_URL: "https://ghe.example.test/api/v3/",
        GITHUB_REPOSITORY: "acme/platform",
      },
    );
    expect(settings.apiUrl).toBe("https://ghe.example.test/api/v3");
    expect(settings.repository).toEqual({ owner: "acme", repo: "infra" });
    expect(settings.credentialSource).toBe("environment variable RUNWARDEN_GITHUB_TOKEN");
    expect(resolveGithubSettings({ token_env: "DEPLOY_TOKEN" }, { DEPLOY_TOKEN: "deploy-123" }).credentialSource).toBe("environment variable DEPLOY_TOKEN");
  });

  it("a GitHub App: the key from the named variable (escaped newlines allowed), registered as a secret", () => {
    const pem = "-----BEGIN PRIVATE KEY-----\\nMIIEv\\n-----END PRIVATE KEY-----";
    const settings = resolveGithubSettings(
      { app: { app_id: 12, private_key_env: "APP_KEY", installation_id: 34 } },
      { APP_KEY: pem, GITHUB_TOKEN: "ignored-123" },
    );
    expect(settings.auth).toEqual({ kind: "app", appId: 12, privateKey: pem.replace(/\\n/g, "\n"), installationId: 34 });
    expect(settings.secrets).toEqual([{ value: pem, source: "environment variable APP_KEY" }]);
  });

  it("missing credentials, a missing App key, a bad URL or repository are exit 2 with a hint", () => {
    const none = thrown(InputError, () => resolveGithubSettings({}, {}));
    expect(none.code).toBe("RW_GITHUB_NO_CREDENTIALS");
    expect(none.hint).toContain("GITHUB_TOKEN");
    expect(thrown(InputError, () => resolveGithubSettings({ app: { app_id: 1, private_key_env: "K" } }, {})).message).toContain(
      "K (the App's private key) is not set",
    );
    expect(thrown(InputError, () => resolveGithubSettings({}, { GITHUB_TOKEN: "t-123456", GITHUB_API_URL: "ftp://x" })).code).toBe("RW_GITHUB_API_URL");
    expect(thrown(InputError, () => resolveGithubSettings({}, { GITHUB_TOKEN: "t-123456", GITHUB_REPOSITORY: "platform" })).code).toBe("RW_GITHUB_REPOSITORY");
  });
});
