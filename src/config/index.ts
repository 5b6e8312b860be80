/** Public API of the configuration layer. */
export { loadConfig, resolvePath, MAX_CONFIG_CHARS, type LoadedConfig, type LoadOptions } from "./load.js";
export { environmentOf } from "./environments.js";
export { formatProblem } from "./format.js";
export { configJsonSchema, CONFIG_SCHEMA_ID } from "./json-schema.js";
export { configSchema } from "./schema.js";
export type * from "./schema.js";
export { parseDuration, formatDuration } from "./schema/duration.js";
export { parseSize } from "./schema/size.js";
export { findLiteralAddress } from "./schema/address.js";
export { storeText } from "./schema/store.js";
export * from "./template.js";
