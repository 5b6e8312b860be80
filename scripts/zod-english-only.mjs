// An esbuild plugin for runwarden's bundles: zod's `z.locales` and `z.core.locales` namespaces re-export the error
// messages of ~50 languages (368 KB of the 755 KB zod chunk), which Node parses at every start of
// a command that reads the config although runwarden only ever speaks English (zod's default, set
// from `locales/en.js` directly). The namespace is replaced by one that holds English only.
export const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[/\\]zod[/\\]v4[/\\](classic|core)[/\\]/.test(args.importer) ? { path: "zod-locales-en", namespace: "zod-english-only" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-english-only" }, () => ({
      resolveDir: new URL("../node_modules/zod/v4/locales/", import.meta.url).pathname,
      contents: 'export { default as en } from "./en.js";\n',
    }));
  },
};
