export function bundleAction(): Promise<string>;
