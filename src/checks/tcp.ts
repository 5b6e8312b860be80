/** `tcp`: a port accepts connections (connect, then close at once). */
import { connect } from "node:net";
import type { PreflightCheckOf } from "../config/schema.js";
import { InputError } from "../model/errors.js";
import type { BuildTarget, KindDefinition } from "./context.js";
import { formatMs } from "./format.js";
import { networkFailure } from "./net-errors.js";
import type { Outcome, Probe } from "./types.js";

export interface TcpProbeOptions {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
}

function connectOnce(host: string, port: number, signal: AbortSignal): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const onAbort = () => {
      socket.destroy();
      reject(new Error("aborted"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => {
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(performance.now() - started);
    });
    socket.once("error", (e) => {
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      reject(e);
    });
  });
}

export function tcpProbe(options: TcpProbeOptions): Probe {
  const target = `${options.host.includes(":") ? `[${options.host}]` : options.host}:${options.port}`;
  return {
    timeoutMs: options.timeoutMs,
    async body(_ctx, signal): Promise<Outcome> {
      try {
        const ms = await connectOnce(options.host, options.port, signal);
        return { status: "pass", summary: `${target} accepts connections (${formatMs(ms)})` };
      } catch (e: unknown) {
        if (signal.aborted) throw e;
        return networkFailure(e, target);
      }
    },
  };
}

/** A port from the config: a number, or a template that must render to one. */
export function renderPort(port: number | string, target: BuildTarget): number {
  if (typeof port === "number") return port;
  const text = target.render(port).trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65535) {
    throw new InputError("RW_CHECK_PORT", `port '${port}' renders to '${text}', not a port number (1–65535)`, [], {
      hint: "set the variable to a number in the inventory, or give a default: {{ ansible_port | default(22) }}",
    });
  }
  return value;
}

/** The host of an `each_host` probe without an explicit one: `ansible_host`, else the inventory name. */
export function defaultHost(target: BuildTarget): string | undefined {
  const ansibleHost = target.host?.vars["ansible_host"];
  if (typeof ansibleHost === "string" && ansibleHost !== "") return ansibleHost;
  return target.host?.name;
}

type TcpSpec = Omit<PreflightCheckOf<"tcp">, "name" | "warn_only">;

export const tcpKind: KindDefinition<TcpSpec> = {
  kind: "tcp",
  description: "A TCP port accepts connections.",
  label: (spec) => `tcp ${spec.host ?? ""}:${spec.port}`,
  perHost: (spec) => spec.each_host,
  probe(spec, target) {
    const host = spec.host === undefined ? defaultHost(target) : target.render(spec.host);
    if (host === undefined || host === "") {
      throw new InputError("RW_CHECK_TARGET", "tcp check without a host", [], { hint: "set `host`, or `each_host: true`" });
    }
    return tcpProbe({ host, port: renderPort(spec.port, target), timeoutMs: spec.timeout });
  },
};
