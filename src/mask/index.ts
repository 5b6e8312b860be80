/**
 * The secret masker: every byte runwarden writes passes through it (docs/masking.md).
 *
 * - `Masker`: register secrets (`addSecret`), mask whole texts (`mask`), make streams (`createStream`).
 * - `createMaskTransform`: a node Transform over bytes, for child-process output.
 * - `BUILTIN_PATTERNS`: the secret patterns masked without registration.
 */
export { Masker, DEFAULT_MIN_SECRET_LENGTH, type MaskerOptions, type AddSecretOptions } from "./masker.js";
export { DEFAULT_MAX_HOLD_BYTES, type MaskStream, type MaskStreamOptions } from "./stream.js";
export { createMaskTransform, DEFAULT_IDLE_FLUSH_MS, type MaskTransformOptions } from "./transform.js";
export { BUILTIN_PATTERNS, type SecretPattern, type TokenPattern, type BlockPattern, type BlockBody, type PatternExamples } from "./patterns.js";
export { MASK } from "./render.js";
