/**
 * GitHub's OpenAPI description as the oracle for the emulator's responses: the response schema of an
 * operation and status, compiled with ajv once per schema (refs resolved inside the document).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { repoRoot } from "../helpers/cli.js";

const addFormats = addFormatsModule.default;

type JsonObject = Record<string, unknown>;

function object(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/**
 * Makes a schema of the description checkable by ajv, keeping OpenAPI 3.0's meaning:
 * - `#/components/...` references point into the document added under the id `github`;
 * - `nullable: true` admits `null` — also next to an `enum` or without a `type` (ajv alone refuses those);
 * - a string whose documented `default` is `""` admits `""` even with `format: uri` (GitHub returns
 *   `""` for an unset `target_url`, as its own default says).
 */
function normalize(value: unknown, rebase: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => normalize(item, rebase));
  const record = object(value);
  if (record === undefined) return value;
  let out: JsonObject = {};
  for (const [key, child] of Object.entries(record)) {
    out[key] = key === "$ref" && typeof child === "string" && child.startsWith("#/") && rebase ? `github${child}` : normalize(child, rebase);
  }
  if (out["default"] === "" && out["format"] !== undefined) {
    const { default: _default, ...rest } = out;
    out = { anyOf: [rest, { const: "" }] };
  }
  if (out["nullable"] === true) {
    const { nullable: _nullable, ...rest } = out;
    if (Array.isArray(rest["enum"]) && !rest["enum"].includes(null)) rest["enum"] = [...(rest["enum"] as unknown[]), null];
    out = rest["type"] === undefined || rest["enum"] !== undefined ? { anyOf: [rest, { type: "null" }] } : { ...rest, nullable: true };
  }
  return out;
}

export interface ResponseSpec {
  /** undefined: the status is not documented for this operation. */
  readonly documented: boolean;
  /** undefined: no JSON body documented (204, 302, 304). */
  readonly validate: ValidateFunction | undefined;
  readonly headers: readonly string[];
}

export class OpenApi {
  readonly #doc: JsonObject;
  readonly #ajv: Ajv;
  readonly #cache = new Map<string, ResponseSpec>();

  constructor() {
    const path = join(repoRoot, "node_modules", "@octokit", "openapi", "generated", "api.github.com.json");
    this.#doc = JSON.parse(readFileSync(path, "utf8")) as JsonObject;
    this.#ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.#ajv);
    this.#ajv.addSchema({ $id: "github", components: normalize(this.#doc["components"], false) }, "github");
  }

  #resolve(value: unknown): JsonObject | undefined {
    const record = object(value);
    const ref = record?.["$ref"];
    if (typeof ref !== "string") return record;
    let current: unknown = this.#doc;
    for (const part of ref.replace(/^#\//, "").split("/")) current = object(current)?.[part];
    return object(current);
  }

  /** The documented response of `method path` (path template as in the description) for `status`. */
  response(method: string, path: string, status: number): ResponseSpec {
    const key = `${method} ${path} ${status}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const operation = object(object(object(this.#doc["paths"])?.[path])?.[method.toLowerCase()]);
    if (operation === undefined) throw new Error(`the OpenAPI description has no ${method} ${path}`);
    const documented = this.#resolve(object(operation["responses"])?.[String(status)]);
    const errorFallback = status >= 400 ? { $ref: "#/components/schemas/basic-error" } : undefined;
    const schema = documented === undefined ? errorFallback : object(object(documented["content"])?.["application/json"])?.["schema"];
    const spec: ResponseSpec = {
      documented: documented !== undefined,
      validate: schema === undefined ? undefined : this.#ajv.compile(normalize(schema, true) as JsonObject),
      headers: Object.keys(object(documented?.["headers"]) ?? {}).map((name) => name.toLowerCase()),
    };
    this.#cache.set(key, spec);
    return spec;
  }

  operationId(method: string, path: string): string | undefined {
    const operation = object(object(object(this.#doc["paths"])?.[path])?.[method.toLowerCase()]);
    const id = operation?.["operationId"];
    return typeof id === "string" ? id : undefined;
  }
}

/** ajv errors as readable lines. */
export function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 8)
    .map((error) => `${error.instancePath || "(root)"} ${error.message ?? ""} ${JSON.stringify(error.params)}`)
    .join("\n");
}
