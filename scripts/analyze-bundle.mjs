// Print what each bundle file holds, biggest packages first (after `npm run build`).
import { readFileSync } from 'node:fs'

const BUNDLES = [
  ['CLI (dist/cjs/)', '.bundle-meta.json'],
  ['library (dist/lib.js, dist/policy.js, dist/chunks/)', '.bundle-meta-lib.json'],
]

for (const [title, metaFile] of BUNDLES) {
  const meta = JSON.parse(readFileSync(new URL(`../${metaFile}`, import.meta.url), 'utf8'))
  console.log(`\n${title}`)
  for (const [file, out] of Object.entries(meta.outputs).sort((a, b) => b[1].bytes - a[1].bytes)) {
    if (file.endsWith('.map')) continue
    const by = {}
    for (const [input, v] of Object.entries(out.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)(\/dist-[a-z]+\/submodules\/[^/]+)?/.exec(input)
      const key = m ? m[1] + (m[2] ?? '') : input.replace(/^src\/([^/]+).*/, 'src/$1')
      by[key] = (by[key] ?? 0) + v.bytesInOutput
    }
    const top = Object.entries(by)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${(v / 1024).toFixed(1)}K`)
      .join(', ')
    console.log(
      `${(out.bytes / 1024).toFixed(1).padStart(7)}K ${file.replace(/^.*\//, '').padEnd(26)} ${top}`,
    )
  }
}
