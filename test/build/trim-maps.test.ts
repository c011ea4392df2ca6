import { build } from 'esbuild'
import { mkdirSync, writeFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs build script, no types
import { trimMap } from '../../scripts/trim-maps.mjs'
import { tempFiles } from '../helpers/run-cli.js'

type RawMap = { sources: string[]; names: string[]; mappings: string; version: number }

/** A minified bundle of one own module and one from node_modules, with its map. */
async function bundleWithDependency(): Promise<{ code: string; map: RawMap }> {
  const dir = tempFiles({})
  mkdirSync(join(dir, 'node_modules/dep'), { recursive: true })
  writeFileSync(
    join(dir, 'node_modules/dep/index.js'),
    'export function depWork(a) {\n  const twice = a * 2\n  return twice + 1\n}\n',
  )
  writeFileSync(
    join(dir, 'own.js'),
    "import { depWork } from 'dep'\nexport function ownWork(x) {\n  const y = depWork(x)\n  return y - 3\n}\n",
  )
  const r = await build({
    entryPoints: [join(dir, 'own.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    sourcemap: 'external',
    write: false,
    outdir: join(dir, 'out'),
    absWorkingDir: dir,
    logLevel: 'silent',
  })
  const map = JSON.parse(r.outputFiles.find(f => f.path.endsWith('.map'))!.text) as RawMap
  return { code: r.outputFiles.find(f => f.path.endsWith('.js'))!.text, map }
}

/** Every generated position the map knows, with what it maps to. */
function entries(map: RawMap, code: string): Array<{ at: string; to: string }> {
  const sm = new SourceMap(map as never)
  const out: Array<{ at: string; to: string }> = []
  code.split('\n').forEach((line, l) => {
    for (let c = 0; c < line.length; c++) {
      const e = sm.findEntry(l, c) as {
        generatedLine?: number
        generatedColumn?: number
        originalSource?: string
        originalLine?: number
        originalColumn?: number
      }
      if (e.originalSource && e.generatedLine === l && e.generatedColumn === c)
        out.push({
          at: `${l}:${c}`,
          to: `${e.originalSource.includes('node_modules') ? 'dep' : 'own'}:${e.originalLine}:${e.originalColumn}`,
        })
    }
  })
  return out
}

describe('trimMap (build: source maps for pvapi’s own code only)', () => {
  it('keeps every mapping into own sources exactly, and none into node_modules', async () => {
    const { code, map } = await bundleWithDependency()
    const before = entries(map, code)
    expect(before.some(e => e.to.startsWith('dep:'))).toBe(true)
    expect(before.some(e => e.to.startsWith('own:'))).toBe(true)
    const trimmed = trimMap(map, (s: string) => !s.includes('node_modules')) as RawMap
    expect(trimmed.sources.every(s => !s.includes('node_modules'))).toBe(true)
    expect(entries(trimmed, code)).toEqual(before.filter(e => e.to.startsWith('own:')))
  })
  it('keeping everything changes no mapping; keeping nothing drops the map', async () => {
    const { code, map } = await bundleWithDependency()
    expect(entries(trimMap(map, () => true) as RawMap, code)).toEqual(entries(map, code))
    expect(trimMap(map, () => false)).toBeUndefined()
  })
})
