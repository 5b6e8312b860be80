/** `runwarden metrics`: the metrics of `serve`, once — printed, or written for node_exporter's textfile collector. */
import { Command } from "@commander-js/extra-typings";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";

function build(ctx: CliContext) {
  return new Command("metrics")
    .description("read the runner fleet and the deploy figures once and print them as Prometheus metrics, or write DIR/runwarden.prom atomically")
    .option("-c, --config <file>", "runwarden config file (relative paths in it resolve from its folder)", "runwarden.yml")
    .option("--textfile <dir>", "write DIR/runwarden.prom (temp file + rename) for node_exporter's textfile collector instead of printing")
    .addHelpText(
      "after",
      `
For teams that only run the CLI: run it from cron or a systemd timer on a host with node_exporter
(--collector.textfile.directory=DIR). When GitHub or the store cannot be read it exits 3 and leaves
the previous file in place (node_textfile_mtime_seconds shows how old it is).

Examples:
  $ runwarden metrics
  $ runwarden metrics --textfile /var/lib/prometheus/node-exporter -c /etc/runwarden/runwarden.yml

Docs: docs/metrics.md`,
    )
    .action(async (options) => {
      const { metrics } = await import("./run.js");
      ctx.exitCode = await metrics(options, ctx.io);
    });
}

export const metricsCommand = defineCommand({
  name: "metrics",
  json: { without: "metrics prints the Prometheus text format" },
  build,
});
