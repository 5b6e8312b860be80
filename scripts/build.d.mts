export function buildCli(options?: { quiet?: boolean }): Promise<import("esbuild").BuildResult<{ metafile: true }>>;
