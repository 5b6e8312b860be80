/** Dotted versions as programs print them (`ansible-playbook [core 2.14.3]`, `v20.11.1`, `2.320.0`). */

/** The first dotted version (at least `major.minor`, or a bare number after `version`) in `text`. */
export function findVersion(text: string): string | undefined {
  const dotted = /(?<![\d.])v?(\d+(?:\.\d+){1,3})(?![\d])/.exec(text);
  if (dotted?.[1] !== undefined) return dotted[1];
  return /\bversion\s+v?(\d+)\b/i.exec(text)?.[1];
}

/** Negative when a < b, zero when equal (missing parts are 0: `2.14` = `2.14.0`), positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}
