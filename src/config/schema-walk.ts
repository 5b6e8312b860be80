/**
 * Walks the zod schema by a key path, the way the loader and the docs generator need it: through
 * wrappers (optional, default, pipe …) to the schema that validates the value at that path.
 */
import { z } from "zod";
import { fieldMeta, type FieldMeta } from "./schema/meta.js";

export type AnySchema = z.core.$ZodType;

/** The schemas met at one position, outermost first: wrappers, then the structural schema. */
export type SchemaChain = readonly AnySchema[];

/** Steps through wrappers; returns the chain ending at an object, array, union, record or leaf. */
export function unwrap(schema: AnySchema): SchemaChain {
  const chain: AnySchema[] = [];
  let current: AnySchema | undefined = schema;
  while (current !== undefined && chain.length < 64) {
    chain.push(current);
    current = inner(current);
  }
  return chain;
}

function inner(schema: AnySchema): AnySchema | undefined {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault ||
    schema instanceof z.ZodReadonly ||
    schema instanceof z.ZodCatch ||
    schema instanceof z.ZodNonOptional
  ) {
    return schema.unwrap();
  }
  if (schema instanceof z.ZodPipe) return schema.in;
  if (schema instanceof z.ZodLazy) return schema.unwrap();
  return undefined;
}

/** The innermost schema of a chain (what decides the value's shape). */
export function core(chain: SchemaChain): AnySchema | undefined {
  return chain[chain.length - 1];
}

/** Object keys accepted at this position, or undefined when it is not an object. */
export function objectKeys(chain: SchemaChain): string[] | undefined {
  const last = core(chain);
  return last instanceof z.ZodObject ? Object.keys(last.shape) : undefined;
}

/** Options of a union at this position (each unwrapped), or undefined. */
export function unionOptions(chain: SchemaChain): SchemaChain[] | undefined {
  const last = core(chain);
  return last instanceof z.ZodUnion ? last.options.map((option: AnySchema) => unwrap(option)) : undefined;
}

/** One step down: the chain of the value under `key` (object key, record key, list index). */
export function child(chain: SchemaChain, key: PropertyKey): SchemaChain | undefined {
  const last = core(chain);
  if (last instanceof z.ZodObject) {
    const field: AnySchema | undefined = typeof key === "string" && Object.hasOwn(last.shape, key) ? last.shape[key] : undefined;
    return field === undefined ? undefined : unwrap(field);
  }
  if (last instanceof z.ZodArray) return typeof key === "number" ? unwrap(last.element) : undefined;
  if (last instanceof z.ZodRecord) return typeof key === "string" ? unwrap(last.valueType) : undefined;
  if (last instanceof z.ZodUnion) {
    for (const option of last.options) {
      const found = child(unwrap(option), key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The chain of the record key schema at this position (for `invalid_key` issues). */
export function recordKey(chain: SchemaChain): SchemaChain | undefined {
  const last = core(chain);
  return last instanceof z.ZodRecord ? unwrap(last.keyType) : undefined;
}

/** The chain at `path` from `root`, or undefined when the path leaves the schema. */
export function schemaAt(root: AnySchema, path: readonly PropertyKey[]): SchemaChain | undefined {
  return descend(unwrap(root), path);
}

/** The chain at `path` below `start`. */
export function descend(start: SchemaChain, path: readonly PropertyKey[]): SchemaChain | undefined {
  let chain: SchemaChain | undefined = start;
  for (const key of path) {
    if (chain === undefined) return undefined;
    chain = child(chain, key);
  }
  return chain;
}

/** runwarden's field metadata for this position (the first schema in the chain that has it). */
export function metaOf(chain: SchemaChain | undefined): FieldMeta | undefined {
  for (const schema of chain ?? []) {
    const meta = fieldMeta.get(schema);
    if (meta !== undefined) return meta;
  }
  return undefined;
}

/** The `.describe()` text for this position (the first schema in the chain that has one). */
export function descriptionOf(chain: SchemaChain | undefined): string | undefined {
  for (const schema of chain ?? []) {
    const description = z.globalRegistry.get(schema)?.description;
    if (description !== undefined) return description;
  }
  return undefined;
}
