// Load the TypeScript test fakes (test/support) from plain Node scripts (demo, bench):
// esbuild bundles them on the fly into a temporary module. Dev-only: needs `npm ci`.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const REPO = fileURLToPath(new URL('../', import.meta.url))

/** `entry`: a TypeScript file of the repo, or `{ contents }`: a module written inline. */
export async function loadTestSupport(entry = 'test/support/fake-gateway.ts') {
  const { build } = await import('esbuild')
  const outfile = join(mkdtempSync(join(tmpdir(), 'pvapi-fakes-')), 'support.mjs')
  await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [join(REPO, entry)] }
      : { stdin: { contents: entry.contents, resolveDir: REPO, loader: 'ts' } }),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    // Bundled CJS deps may call require(); give them one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  })
  return import(pathToFileURL(outfile).href)
}
