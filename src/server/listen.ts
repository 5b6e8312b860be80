/** `--listen HOST:PORT`: where `serve` listens. Loopback by default; a wildcard address only when asked for. */
import { isIP } from "node:net";

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export const DEFAULT_LISTEN: ListenAddress = { host: "127.0.0.1", port: 9464 };

/** `127.0.0.1:9464`, `[::1]:9464`, `localhost:0`; undefined when it is not HOST:PORT. */
export function parseListen(text: string): ListenAddress | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text);
  if (match === null) return undefined;
  const host = match[1] ?? match[2] ?? "";
  const port = Number(match[3]);
  if (port > 65535) return undefined;
  if (match[1] !== undefined && isIP(host) !== 6) return undefined;
  return { host, port };
}

/** `http://127.0.0.1:9464`, `http://[::1]:9464`. */
export function urlOf(address: ListenAddress): string {
  return `http://${isIP(address.host) === 6 ? `[${address.host}]` : address.host}:${address.port}`;
}
