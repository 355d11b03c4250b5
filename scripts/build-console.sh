#!/usr/bin/env bash
# Builds the web console: the API's OpenAPI document → TypeScript types (openapi-typescript),
# a type check, then Vite into dist/console (served by the API under /console/).
# Needs the compiled API (tsc -p tsconfig.build.json) first.
set -euo pipefail
cd "$(dirname "$0")/.."
node dist/cli/openapi.js > dist/openapi.json
npx --no-install openapi-typescript dist/openapi.json -o console/src/api-types.ts >/dev/null
npx --no-install tsc -p console/tsconfig.json
npx --no-install vite build --config console/vite.config.mts --logLevel warn
# Pre-compressed copies (brotli and gzip) that the API serves to browsers that accept them.
node -e '
const fs = require("node:fs"), path = require("node:path"), zlib = require("node:zlib");
const dir = path.join("dist", "console", "assets");
for (const f of fs.readdirSync(dir).filter((f) => /\.(js|css)$/.test(f))) {
  const data = fs.readFileSync(path.join(dir, f));
  fs.writeFileSync(path.join(dir, f + ".br"), zlib.brotliCompressSync(data));
  fs.writeFileSync(path.join(dir, f + ".gz"), zlib.gzipSync(data, { level: 9 }));
}'
