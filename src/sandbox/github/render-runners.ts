/** Runner lifecycle objects as GitHub renders them: registration/remove tokens and runner label lists. */
import type { Json } from "./render-common.js";
import { iso, type LabelState } from "./state.js";

/** Registration and remove tokens expire one hour after they are created (GitHub's REST docs). */
export const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/** `authentication-token`: `{ token, expires_at }`. */
export function renderRunnerToken(token: { readonly value: string; readonly expiresAt: number }): { [key: string]: Json } {
  return { token: token.value, expires_at: iso(token.expiresAt) };
}

/** The labels answer of the runner label endpoints: `{ total_count, labels }`. */
export function renderLabels(labels: readonly LabelState[]): { [key: string]: Json } {
  return { total_count: labels.length, labels: labels.map((label) => ({ id: label.id, name: label.name, type: label.type })) };
}
