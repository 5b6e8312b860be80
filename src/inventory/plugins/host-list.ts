/** Ansible's `host_list` plugin: `-i 'web1,web2:2222,'` — a comma-separated list of hosts. */
import { AddressError, parseAddress } from "../address.js";
import { pyStrip } from "../python/text.js";
import type { PluginContext } from "./types.js";

export function isHostList(source: string, exists: boolean): boolean {
  return !exists && source.includes(",");
}

export function parseHostList(ctx: PluginContext, source: string): void {
  for (const raw of source.split(",")) {
    const item = pyStrip(raw);
    if (item === "") continue;
    let host = item;
    let port: number | undefined;
    try {
      ({ host, port } = parseAddress(item, false));
    } catch (err: unknown) {
      if (!(err instanceof AddressError)) throw err;
    }
    if (!ctx.inventory.hosts.has(host)) {
      ctx.inventory.addHost(host, "ungrouped", port, { file: ctx.shown });
      if (port !== undefined && port !== 0) ctx.inventory.hosts.get(host)?.notePort(port, { file: ctx.shown }, true);
    }
  }
}
