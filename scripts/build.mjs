// Builds the server into dist/: one ES module with dependencies left in node_modules, and the
// migrations beside it. `npm start` runs it on plain Node, without a TypeScript loader in the
// process (about 40 MB less memory than running the sources through tsx).
import { cpSync, rmSync } from 'node:fs'
import { build } from 'esbuild'

rmSync('dist', { recursive: true, force: true })
await build({
  entryPoints: ['src/server.ts'],
  outdir: 'dist',
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  sourcemap: true,
  logLevel: 'warning',
})
cpSync('src/db/migrations', 'dist/migrations', { recursive: true })
