/**
 * The secret masker: every byte runwarden writes passes through it (docs/masking.md).
 *
 * - `Masker`: register secrets (`addSecret`), mask whole texts (`mask`, `maskBytes`), make streams
 *   (`createStream` for strings, `createByteStream` for bytes).
 * - `createMaskTransform`: a node Transform over bytes (byte-transparent), for child-process output.
 * - `BUILTIN_PATTERNS`: the secret patterns masked without registration.
 */
export { Masker, DEFAULT_MIN_SECRET_LENGTH, DEFAULT_MAX_FORM_BYTES, MAX_FORM_BYTES_ENV, type MaskerOptions, type AddSecretOptions } from "./masker.js";
export { type BufferMaskStream, asBuffer, Utf8Pieces } from "./byte-streams.js";
export { DEFAULT_MAX_HOLD_BYTES, type MaskStream, type MaskStreamOptions } from "./stream.js";
export { createMaskTransform, DEFAULT_IDLE_FLUSH_MS, type MaskTransformOptions } from "./transform.js";
export { BUILTIN_PATTERNS, type SecretPattern, type TokenPattern, type BlockPattern, type BlockBody, type PatternExamples } from "./patterns.js";
export { MASK } from "./render.js";
