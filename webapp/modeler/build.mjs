// Bundles the designers' modeler (bpmn-js, dmn-js, the properties panel, bpmnlint) into
// webapp/static/build/ with esbuild: `node webapp/modeler/build.mjs` (run by `make setup`).
// The bundle is built, never committed; the app serves it as a static file.
import { build } from "esbuild";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// bpmnlint's recommended rules packed into the bundle (what bpmnlint-pack-config would write):
// every rule reported as a warning, since the server's validation is what refuses a deploy.
function lintConfigSource() {
  const { rules } = require("bpmnlint/config/recommended");
  const names = Object.keys(rules).sort();
  const imports = names.map((name, i) => `import rule${i} from "bpmnlint/rules/${name}";`);
  const cache = names.map((name, i) => `  "rule:bpmnlint/${name}": rule${i},`);
  const config = names.map((name) => `  "${name}": "warn",`);
  return [
    `import StaticResolver from "bpmnlint/lib/resolver/static-resolver";`,
    ...imports,
    `const cache = {\n${cache.join("\n")}\n};`,
    `export default {\n  config: { rules: {\n${config.join("\n")}\n  } },\n  resolver: new StaticResolver(cache),\n};`,
  ].join("\n");
}

const packedLintConfig = {
  name: "packed-lint-config",
  setup(build) {
    build.onResolve({ filter: /^virtual:bpmnlint-config$/ }, (args) => ({
      path: args.path,
      namespace: "bpmnlint-config",
    }));
    build.onLoad({ filter: /.*/, namespace: "bpmnlint-config" }, () => ({
      contents: lintConfigSource(),
      resolveDir: here,
      loader: "js",
    }));
  },
};

await build({
  entryPoints: { modeler: join(here, "src", "index.js") },
  outdir: join(here, "..", "static", "build"),
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "iife",
  target: ["es2020"],
  jsx: "automatic",
  jsxImportSource: "@bpmn-io/properties-panel/preact",
  // fonts as files beside the CSS: the Content-Security-Policy allows no data: fonts
  loader: { ".woff": "file", ".woff2": "file", ".ttf": "file", ".eot": "file", ".svg": "file" },
  assetNames: "assets/[name]-[hash]",
  plugins: [packedLintConfig],
  logLevel: "warning",
});
