/** `runwarden mask`: the masker as a pipe. */
import { Command, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";

function build(ctx: CliContext) {
  return new Command("mask")
    .description("mask secrets in a stream: copies stdin to stdout with every secret and its encodings replaced by ***")
    .option("-e, --env <name...>", "mask the value of this environment variable (repeatable); values are never taken from the command line")
    .option("-f, --secret-file <file...>", "mask the content of this file (repeatable): a key file, a vault password file")
    .addOption(
      new Option("--min-length <n>", "refuse secrets shorter than this many characters (masking them would hide ordinary words)").argParser((value) => {
        const n = Number(value);
        if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(n))
          throw new InvalidArgumentError(`--min-length takes a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`);
        return n;
      }),
    )
    .addHelpText(
      "after",
      `
Besides the secrets you name, runwarden always masks GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_,
github_pat_), AWS access key ids, PEM private keys and Ansible Vault payloads, and the values of
GITHUB_TOKEN / RUNWARDEN_GITHUB_TOKEN when set. Each secret is also masked in its base64, base64url,
hex, JSON-, URL- and XML-escaped forms. Output is streamed line by line.

Examples:
  $ ./deploy.sh 2>&1 | runwarden mask --env DEPLOY_SSH_KEY --env VAULT_PASSWORD
  $ ansible-playbook site.yml 2>&1 | runwarden mask --secret-file ~/.vault_pass
  $ kubectl logs deploy/app | runwarden mask -e DB_PASSWORD > app.log`,
    )
    .action(async (options) => {
      const { mask } = await import("./run.js");
      ctx.exitCode = await mask(options, ctx.io);
    });
}

export const maskCommand = defineCommand({
  name: "mask",
  json: { without: "it is a filter: stdin to stdout, byte for byte except the secrets" },
  build,
});
