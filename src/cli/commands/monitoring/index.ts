/** `runwarden monitoring`: monitoring wiring derived from the inventory. */
import { Command } from "@commander-js/extra-typings";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";
import { collect, jsonOnly } from "../../options.js";

function build(ctx: CliContext) {
  const monitoring = new Command("monitoring").description("monitoring wiring derived from the Ansible inventory");
  jsonOnly(monitoring.command("targets"), ctx)
    .description("list the runner hosts and each environment's deploy targets as Prometheus scrape targets; --json prints file-SD JSON")
    .option("-i, --inventory <path>", "inventory file, directory or 'host1,host2,' list (repeatable); default: inventory: of runwarden.yml", collect)
    .option("-c, --config <file>", "runwarden.yml whose environments (hosts:) and inventory: are read", "runwarden.yml")
    .option("--runners <pattern>", "inventory pattern of the self-hosted runner hosts", "runners")
    .addHelpText(
      "after",
      `
Addresses come from inventory variables only: monitoring_host, else ansible_host, else the inventory
host name; the port from monitoring_port (default 9100, node_exporter). Each target is labelled
runwarden_role (runner | target), environment (targets) and inventory_host. Exit 2 when a host's
variables give no usable address or port.

Examples:
  $ runwarden monitoring targets
  $ runwarden monitoring targets -i inventories/production --json > /etc/prometheus/file_sd/runwarden.json

Docs: docs/metrics.md`,
    )
    .action(async (options) => {
      const { monitoringTargetsCommand } = await import("./run.js");
      ctx.exitCode = await monitoringTargetsCommand({ ...options, inventory: options.inventory ?? [] }, ctx.io);
    });
  return monitoring;
}

export const monitoringCommands = defineCommand({
  name: "monitoring",
  json: "all",
  build,
});
