/** `runwarden inventory`: Ansible inventories read exactly as Ansible reads them, and their sanity checks. */
import { Command } from "@commander-js/extra-typings";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";
import { collect, jsonOnly } from "../../options.js";

const INVENTORY_FLAG = "-i, --inventory <path>";
const INVENTORY_HELP = "inventory file, directory or 'host1,host2,' list (repeatable, merged in order); default: inventory: of runwarden.yml";
const CONFIG_HELP = "runwarden.yml whose inventory: to read when no -i is given (default: ./runwarden.yml if present)";

function build(ctx: CliContext) {
  const inventory = jsonOnly(new Command("inventory").enablePositionalOptions(), ctx)
    .description("read Ansible inventories as Ansible does: --list, --host, --graph like ansible-inventory; --hosts like ansible --list-hosts")
    .option(INVENTORY_FLAG, INVENTORY_HELP, collect)
    .option("-c, --config <file>", CONFIG_HELP)
    .option("--list", "every group and host with its variables (= ansible-inventory --list)")
    .option("--host <host>", "one host's variables, precedence applied (= ansible-inventory --host)")
    .option("--graph [group]", "the group tree under GROUP (default all) (= ansible-inventory --graph)")
    .option("--hosts <pattern>", "hosts a pattern selects: all, web*, ~re, a:b, a:&b, a:!b, g[0], g[1:3] (= ansible PATTERN --list-hosts)")
    .addHelpText(
      "after",
      `
Also applies group_vars/ and host_vars/ of the current directory, as ansible-inventory does from
the playbook directory. Vault values are never decrypted and print as {"__ansible_vault": "***"}.

Examples:
  $ runwarden inventory -i inventories/production --list
  $ runwarden inventory -i hosts.ini --host app1
  $ runwarden inventory -i hosts.ini --graph production
  $ runwarden inventory -i hosts.ini --hosts 'app:&canary:!draining'
  $ runwarden inventory check -i hosts.ini --pattern production --require prometheus_url

Docs: docs/inventory.md`,
    )
    .action(async (options) => {
      const { inventory: run } = await import("./run.js");
      ctx.exitCode = await run({ ...options, inventory: options.inventory ?? [] }, ctx.io);
    });
  jsonOnly(inventory.command("check"), ctx)
    .description("sanity checks: loopback targets, literal IPs, missing variables, conflicting duplicates; exit 1 on errors")
    .option(INVENTORY_FLAG, INVENTORY_HELP, collect)
    .option("-c, --config <file>", CONFIG_HELP)
    .option("-p, --pattern <pattern>", "host pattern to check (default all)")
    .option("-r, --require <var...>", "variables every selected host must have, e.g. prometheus_url ansible_host")
    .option("--runner-groups <group...>", "inventory groups of runner hosts, checked with the runner-host rules (default: runner_primary runner_secondary)")
    .addHelpText(
      "after",
      `
Errors (exit 1): a selected host resolves to loopback (localhost, 127.0.0.0/8, ::1, ansible_connection:
local), a required variable is missing, a host is defined twice with conflicting values, a runner
host (a host of runner_primary or runner_secondary) lacks a variable the Ansible runner role needs
(docs/inventory.md#runner-hosts: runner_group, runner_labels as a list, runner_version, the tarball
and its sha256 checksum …) or shares its runner name with another.
Warnings: a literal IP address where a name or variable belongs (with file:line).

Examples:
  $ runwarden inventory check -i inventories/production --pattern production --require prometheus_url
  $ runwarden inventory check -i ansible/inventories/example --runner-groups runner_primary runner_secondary
  $ runwarden inventory check --json            # inventory: of ./runwarden.yml, all hosts`,
    )
    .action(async (options) => {
      const { inventoryCheck } = await import("./run.js");
      ctx.exitCode = await inventoryCheck({ ...options, inventory: options.inventory ?? [] }, ctx.io);
    });
  return inventory;
}

export const inventoryCommands = defineCommand({
  name: "inventory",
  json: "all",
  negative: "inventory check found errors (e.g. production on loopback)",
  build,
});
