/** What an inventory plugin (ini, yaml, list-json, host-list) needs and how it fails. */
import type { InventoryData } from "../data.js";

/**
 * Why a plugin gave up: the content is wrong (`content`), the file is not in this plugin's format
 * at all (`format`, e.g. INI text offered to the YAML plugin), or runwarden does not support what
 * the file asks for (`unsupported`: scripts, plugin configs, TOML).
 */
export type FailureKind = "content" | "format" | "unsupported";

/** One plugin's failure on one source: Ansible's AnsibleParserError, with the line when known. */
export class PluginError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly col?: number,
    readonly kind: FailureKind = "content",
  ) {
    super(message);
  }
}

export interface PluginContext {
  readonly inventory: InventoryData;
  /** The source path (absolute) as Ansible names it. */
  readonly path: string;
  /** The path shown in messages and findings. */
  readonly shown: string;
  /** Warnings Ansible would print (skipped keys, duplicate keys, …). */
  readonly warn: (message: string, line?: number) => void;
}
