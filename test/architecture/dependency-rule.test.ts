/**
 * The README's dependency rule, enforced: every import between areas of src/ must be one the
 * rule allows, and only src/aws/ may import the AWS SDK. An upward import (doctor → probe, core →
 * anything) fails here with the file and the line, so the layering cannot drift silently.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(import.meta.dirname, '../../src')

/**
 * Area → the areas (or single modules, `area/file`) it may import, values and types. Keep in
 * step with README "Dependency rule".
 */
const RULE: Readonly<Record<string, readonly string[]>> = {
  core: [],
  policy: ['core'],
  sign: ['core'],
  dns: ['core'],
  http: ['core', 'dns'],
  render: ['core', 'policy', 'doctor'],
  call: ['core', 'sign', 'http', 'dns', 'render'],
  doctor: ['core', 'policy'],
  probe: ['core', 'call', 'sign', 'http', 'dns', 'doctor'],
  // Collectors write the snapshot, so they know its types, and nothing else of the doctor: the
  // analysis (derive, checks) must not leak into collection.
  aws: ['core', 'sign', 'http', 'dns', 'doctor/snapshot', 'aws/collect'],
  'aws/collect': ['core', 'policy', 'doctor/snapshot', 'aws'],
  // Running the doctor (live: credentials → AWS ports → collect → probe, under one deadline):
  // everything between the flags and the report, with the process's parts passed in by cli.
  'doctor-run': ['core', 'aws', 'aws/collect', 'probe', 'doctor', 'policy', 'dns', 'http'],
  lib: ['core', 'sign', 'http', 'dns', 'call', 'aws', 'policy'],
  cli: [
    'core',
    'sign',
    'http',
    'dns',
    'call',
    'aws',
    'aws/collect',
    'doctor',
    'doctor-run',
    'probe',
    'policy',
    'render',
  ],
}

/** Type-only imports allowed on top of RULE: renderers take the data types of what they render. */
const TYPE_ONLY: Readonly<Record<string, readonly string[]>> = {
  render: ['call', 'http', 'sign', 'probe'],
}

interface ImportEdge {
  readonly file: string
  readonly line: number
  readonly from: string
  readonly to: string
  readonly spec: string
  readonly typeOnly: boolean
  /** The imported module, relative to src/ without extension (`doctor/snapshot`). */
  readonly module?: string
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : []
  })
}

function areaOf(file: string): string {
  const parts = relative(SRC, file).split('/')
  if (parts[0] === 'aws' && parts[1] === 'collect') return 'aws/collect'
  return parts.length === 1 ? '.' : (parts[0] as string)
}

// `import … from 'x'`, `export … from 'x'`, `import 'x'` and `import('x')`, across lines.
const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

/** Every import of one source text, with whether it brings in types only. */
function importsOf(text: string): Array<{ spec: string; line: number; typeOnly: boolean }> {
  const out: Array<{ spec: string; line: number; typeOnly: boolean }> = []
  for (const m of text.matchAll(IMPORT)) {
    const spec = (m[4] ?? m[5]) as string
    const clause = m[3] ?? ''
    const named = /\{([^}]*)\}/.exec(clause)?.[1]
    const onlyTypeNames =
      named !== undefined &&
      !/^[^{]*\w[^{]*,?\s*\{/.test(clause.replace(/^type\s+/, '')) &&
      named
        .split(',')
        .map(s => s.trim())
        .filter(Boolean)
        .every(s => s.startsWith('type '))
    const typeOnly = m[5] === undefined && (m[2] !== undefined || onlyTypeNames)
    const line = text.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0)
    out.push({ spec, line, typeOnly })
  }
  return out
}

function edges(): ImportEdge[] {
  const out: ImportEdge[] = []
  for (const file of sourceFiles(SRC)) {
    for (const imp of importsOf(readFileSync(file, 'utf8'))) {
      const from = areaOf(file)
      const rel = relative(SRC, file)
      if (!imp.spec.startsWith('.')) {
        out.push({ file: rel, line: imp.line, from, to: imp.spec, spec: imp.spec, typeOnly: imp.typeOnly })
        continue
      }
      const target = resolve(dirname(file), imp.spec)
      const to = areaOf(target)
      const module = relative(SRC, target).replace(/\.js$/, '')
      if (to !== from)
        out.push({ file: rel, line: imp.line, from, to, spec: imp.spec, typeOnly: imp.typeOnly, module })
    }
  }
  return out
}

function violations(all: readonly ImportEdge[]): string[] {
  return all.flatMap(e => {
    const where = `${e.file}:${e.line} imports ${e.spec}`
    if (!e.spec.startsWith('.')) {
      return e.spec.startsWith('@aws-sdk/') && e.from !== 'aws' && e.from !== 'aws/collect'
        ? [`${where}: only src/aws/ may import the AWS SDK`]
        : []
    }
    if (e.to === 'cli' || e.to === 'lib') return [`${where}: nothing imports ${e.to}`]
    const allowed = RULE[e.from]
    if (allowed === undefined) return [`${where}: area '${e.from}' is not in the rule`]
    if (allowed.includes(e.to) || (e.module !== undefined && allowed.includes(e.module))) return []
    if (e.typeOnly && TYPE_ONLY[e.from]?.includes(e.to)) return []
    return [
      `${where}: ${e.from} → ${e.to} is not allowed${TYPE_ONLY[e.from]?.includes(e.to) ? ' (type imports only)' : ''}`,
    ]
  })
}

describe('the dependency rule (README "Code map")', () => {
  it('every import between areas of src/ is one the rule allows', () => {
    expect(violations(edges())).toEqual([])
  })

  it('would catch an upward import, a value import where only types are allowed, and the SDK outside src/aws', () => {
    const e = (from: string, to: string, spec: string, typeOnly = false): ImportEdge => ({
      file: `${from}/x.ts`,
      line: 1,
      from,
      to,
      spec,
      typeOnly,
    })
    expect(violations([e('doctor', 'probe', '../probe/classify.js')])).toHaveLength(1)
    expect(violations([e('core', 'doctor', '../doctor/finding.js', true)])).toHaveLength(1)
    expect(violations([e('render', 'call', '../call/repeat-stats.js', false)])).toHaveLength(1)
    expect(violations([e('render', 'call', '../call/repeat-stats.js', true)])).toEqual([])
    expect(violations([e('call', 'cli', '../cli/io.js', true)])).toHaveLength(1)
    expect(violations([e('call', 'call', '@aws-sdk/client-sts')])).toHaveLength(1)
    expect(violations([e('aws', 'aws', '@aws-sdk/client-sts')])).toEqual([])
    const collector = (module: string): ImportEdge => ({
      ...e('aws/collect', 'doctor', `../../${module}.js`),
      module,
    })
    expect(violations([collector('doctor/snapshot')])).toEqual([])
    expect(violations([collector('doctor/derive')])).toHaveLength(1)
    // The live doctor is where collection and the probe meet; nothing but cli imports it.
    expect(violations([e('aws/collect', 'probe', '../../probe/run-probe.js')])).toHaveLength(1)
    expect(violations([e('doctor-run', 'probe', '../probe/run-probe.js')])).toEqual([])
    expect(violations([e('doctor-run', 'render', '../render/doctor-text.js')])).toHaveLength(1)
    expect(violations([e('doctor', 'doctor-run', '../doctor-run/live.js')])).toHaveLength(1)
  })

  it('src/doctor-run/ does not touch process: the CLI passes env, clock, Ctrl-C and the terminal in', () => {
    const files = sourceFiles(join(SRC, 'doctor-run'))
    expect(files.length).toBeGreaterThan(3)
    for (const file of files) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
      expect(code, relative(SRC, file)).not.toMatch(/\bprocess\b|Date\.now\(|new Date\(\)/)
    }
  })

  it('reads type-only imports, dynamic imports and multi-line import lists', () => {
    const text = [
      "import type { A } from '../a/x.js'",
      "import { type B, type C } from '../b/x.js'",
      "import { D, type E } from '../c/x.js'",
      'import {',
      '  F,',
      "} from '../d/x.js'",
      "const g = await import('../e/x.js')",
      "export { H } from '../f/x.js'",
    ].join('\n')
    expect(importsOf(text)).toEqual([
      { spec: '../a/x.js', line: 1, typeOnly: true },
      { spec: '../b/x.js', line: 2, typeOnly: true },
      { spec: '../c/x.js', line: 3, typeOnly: false },
      { spec: '../d/x.js', line: 4, typeOnly: false },
      { spec: '../e/x.js', line: 7, typeOnly: false },
      { spec: '../f/x.js', line: 8, typeOnly: false },
    ])
  })
})
