/** RUNWARDEN_MASK_MAX_FORM_BYTES applies to the process's masker for every command, not only `mask`. */
import { describe, expect, it } from "vitest";
import { registerEnvSecrets } from "../../src/cli/secrets.js";
import { MAX_FORM_BYTES_ENV, Masker } from "../../src/mask/index.js";
import { InputError, SecretPolicyError } from "../../src/model/errors.js";
import { runBinary, runInProcess } from "../helpers/cli.js";
import { thrown } from "../helpers/thrown.js";

const TOKEN = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";

describe("the form budget from the environment", () => {
  it("is read where the masker is prepared: a budget too small for the token variables refuses them", () => {
    const e = thrown(SecretPolicyError, () => registerEnvSecrets(new Masker(), { [MAX_FORM_BYTES_ENV]: "64", GITHUB_TOKEN: TOKEN }));
    expect(e.message).toContain("environment variable GITHUB_TOKEN");
    expect(e.message).not.toContain(TOKEN);
    expect(e.hint).toContain(MAX_FORM_BYTES_ENV);
  });

  it("raises the budget for secrets added later by any command", () => {
    const masker = new Masker({ maxFormBytes: 64 });
    registerEnvSecrets(masker, { [MAX_FORM_BYTES_ENV]: "1M" });
    masker.addSecret("a-long-deploy-password-0123456789", "vault password file");
    expect(masker.mask("pw=a-long-deploy-password-0123456789")).toBe("pw=***");
  });

  it("unset or empty: the default budget", () => {
    const masker = new Masker();
    registerEnvSecrets(masker, { [MAX_FORM_BYTES_ENV]: "", GITHUB_TOKEN: TOKEN });
    expect(masker.mask(`token ${TOKEN}`)).toBe("token ***");
  });

  it("an invalid value is bad input naming the variable", () => {
    const e = thrown(InputError, () => registerEnvSecrets(new Masker(), { [MAX_FORM_BYTES_ENV]: "lots" }));
    expect(e.code).toBe("RW_LIMIT_INVALID");
    expect(e.message).toContain(MAX_FORM_BYTES_ENV);
  });

  it("a command other than mask fails closed (exit 2) when the budget refuses a token it must mask", async () => {
    const run = await runBinary(["config", "validate", "--config", "does-not-matter.yml"], { env: { [MAX_FORM_BYTES_ENV]: "64", GITHUB_TOKEN: TOKEN } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(MAX_FORM_BYTES_ENV);
    expect(run.stderr).not.toContain(TOKEN);
  });

  it("runwarden mask still honours it (its secrets come after the budget is set)", async () => {
    const run = await runInProcess(["mask", "-e", "DEPLOY_KEY"], {
      env: { [MAX_FORM_BYTES_ENV]: "64", DEPLOY_KEY: "a-long-deploy-password-0123456789" },
      stdin: "nothing secret\n",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(MAX_FORM_BYTES_ENV);
    expect(run.stdout).toBe("");
  });
});
