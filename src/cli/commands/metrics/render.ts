/** What `runwarden metrics --textfile` says on stderr once the file is in place. */
export function writtenLine(path: string, series: number): string {
  return `wrote ${path} (${series} series)\n`;
}

/** Series lines of an exposition (comments and blank lines left out). */
export function seriesCount(exposition: string): number {
  return exposition.split("\n").filter((line) => line.length > 0 && !line.startsWith("#")).length;
}
