/**
 * runwarden.yml as the rules see it: its text and YAML tree, and everything `runwarden config
 * validate` reports about it (schema, templates, references), as problems with positions.
 */
import { dirname } from "node:path";
import type { Document } from "yaml";
import { ConfigError, type Problem } from "../model/errors.js";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { parseYaml } from "../config/yaml-source.js";
import type { SourceText } from "./source.js";

export interface ConfigDocument {
  readonly kind: "config";
  readonly source: SourceText;
  readonly yaml: Document.Parsed;
  /** What `config validate` reports (empty when valid). */
  readonly problems: readonly Problem[];
  readonly loaded: LoadedConfig | undefined;
}

export type ConfigParse = { readonly document: ConfigDocument } | { readonly syntax: readonly Problem[] };

/**
 * Parses and validates runwarden.yml from its text. YAML syntax problems come back as `syntax`
 * (the file cannot be read: a parse error); schema problems as the document's `problems`.
 */
export function parseConfigDocument(source: SourceText, absolutePath: string): ConfigParse {
  const { source: yamlSource, problems } = parseYaml(source.text, source.file);
  if (problems.length > 0) return { syntax: problems };
  try {
    const loaded = loadConfig(absolutePath, { cwd: dirname(absolutePath), readFile: () => source.text });
    return { document: { kind: "config", source, yaml: yamlSource.doc, problems: [], loaded } };
  } catch (err: unknown) {
    if (!(err instanceof ConfigError)) throw err;
    const shown = err.problems.map((problem) => ({ ...problem, location: { ...problem.location, file: source.file } }));
    return { document: { kind: "config", source, yaml: yamlSource.doc, problems: shown, loaded: undefined } };
  }
}
