/** `runwarden serve`: the runwarden service — Prometheus metrics, health and readiness over HTTP. */
import { Command, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";
import { durationOption } from "../../options.js";

function listenOption() {
  return new Option("-l, --listen <host:port>", "address to listen on (default 127.0.0.1:9464; [::1]:9464 for IPv6; port 0: any free port)").argParser(
    (value: string) => {
      // Parsed again (with the default) in run.ts; here only to refuse bad input early (exit 2).
      if (!/^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(value) || Number(value.slice(value.lastIndexOf(":") + 1)) > 65535) {
        throw new InvalidArgumentError("--listen takes HOST:PORT, e.g. 127.0.0.1:9464");
      }
      return value;
    },
  );
}

function build(ctx: CliContext) {
  return new Command("serve")
    .description("serve Prometheus metrics of the runner fleet and the deploys (/metrics), /healthz and /readyz until SIGTERM or Ctrl-C")
    .option("-c, --config <file>", "runwarden config file (relative paths in it resolve from its folder)", "runwarden.yml")
    .addOption(listenOption())
    .addOption(durationOption("--refresh <duration>", "how often the runner fleet is read from GitHub (default 30s; unchanged answers are free 304s)"))
    .addHelpText(
      "after",
      `
Prints "listening on http://HOST:PORT" once it accepts connections. Routes:
  /metrics  every metric of docs/metrics.md (fleet from GitHub, deploys from the store)
  /healthz  200 while the process runs
  /readyz   200 once the fleet was read from GitHub and the store answers, else 503

Never listens on every interface unless told to (--listen 0.0.0.0:9464). Needs the same GitHub
access as 'runwarden fleet' (docs/github.md).

Examples:
  $ runwarden serve
  $ runwarden serve --listen 127.0.0.1:9464 --refresh 1m -c /etc/runwarden/runwarden.yml

Docs: docs/metrics.md`,
    )
    .action(async (options) => {
      const { serve } = await import("./run.js");
      ctx.exitCode = await serve(options, ctx.io);
    });
}

export const serveCommand = defineCommand({
  name: "serve",
  json: { without: "serve is a server that runs until SIGTERM; it prints where it listens" },
  build,
});
