/** Dotted versions as programs print them (`ansible-playbook [core 2.14.3]`, `v20.11.1`, `2.320.0`). */

/** The first dotted version (at least `major.minor`, or a bare number after `version`) in `text`. */
export function findVersion(text: string): string | undefined {
  const dotted = /(?<![\d.])v?(\d+(?:\.\d+){1,3})(?![\d])/.exec(text);
  if (dotted?.[1] !== undefined) return dotted[1];
  return /\bversion\s+v?(\d+)\b/i.exec(text)?.[1];
}

/**
 * Negative when a < b, zero when equal, positive when a > b. Missing parts are 0 (`2.14` = `2.14.0`);
 * a part's leading digits count (`0-beta` is 0). The one version order of runwarden: tools, runners.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map((part) => Number.parseInt(part, 10) || 0);
  const pb = b.split(".").map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}
