// `npm run mutate [area...]`: mutation testing with StrykerJS, one area at a time.
//
// Each area is a config in stryker/<area>.config.mjs (the files it mutates and the few test
// files that matter for them). Runs are incremental (reports/stryker/<area>.incremental.json,
// gitignored), so a rerun only retests what changed. Run on demand, not in CI: a full area takes
// ~15 minutes on a 2-core machine. Extra Stryker flags go after `--`
// (e.g. `npm run mutate -- signing -- --concurrency 2`).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = fileURLToPath(new URL('../', import.meta.url))

const STRYKER_DIR = join(REPO, 'stryker')
const REPORTS = join(REPO, 'reports', 'stryker')

const known = readdirSync(STRYKER_DIR)
  .filter(f => f.endsWith('.config.mjs'))
  .map(f => f.slice(0, -'.config.mjs'.length))
  .sort()

const args = process.argv.slice(2)
const dash = args.indexOf('--')
const names = dash === -1 ? args : args.slice(0, dash)
const strykerFlags = dash === -1 ? [] : args.slice(dash + 1)
// --report-only: print the table from the last reports without running; --by-file: a row per file.
const reportOnly = names.includes('--report-only')
const byFile = names.includes('--by-file')
const areas = names.filter(n => !n.startsWith('--'))

const unknown = areas.filter(a => !known.includes(a))
if (unknown.length > 0) {
  process.stderr.write(`pvapi mutate: unknown area ${unknown.join(', ')}; areas: ${known.join(', ')}\n`)
  process.exit(2)
}
const selected = areas.length > 0 ? areas : known
mkdirSync(REPORTS, { recursive: true })

const rows = []
let failed = false
for (const area of selected) {
  if (!reportOnly) {
    process.stderr.write(`\n== mutate ${area} ==\n`)
    const run = spawnSync(
      process.execPath,
      [
        join(REPO, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'),
        'run',
        join('stryker', `${area}.config.mjs`),
        ...strykerFlags,
      ],
      { cwd: REPO, stdio: 'inherit' },
    )
    if (run.status !== 0) {
      failed = true
      process.stderr.write(`pvapi mutate: stryker ended with ${run.status ?? run.signal} for ${area}\n`)
    }
  }
  rows.push(...summarise(area))
}

/** Counts from Stryker's JSON report (mutation-testing-report-schema): the area, then its files with --by-file. */
function summarise(area) {
  const file = join(REPORTS, `${area}.json`)
  if (!existsSync(file)) return [{ area, missing: true }]
  const report = JSON.parse(readFileSync(file, 'utf8'))
  const total = count(Object.values(report.files).flatMap(f => f.mutants))
  const files = byFile
    ? Object.entries(report.files)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, f]) => ({ ...count(f.mutants), area: `  ${name.replace(/^.*?src\//, 'src/')}` }))
    : []
  return [{ ...total, area }, ...files]
}

function count(mutants) {
  const c = { killed: 0, survived: 0, noCoverage: 0, timeout: 0, ignored: 0, errors: 0 }
  for (const m of mutants) {
    if (m.status === 'Killed') c.killed++
    else if (m.status === 'Survived') c.survived++
    else if (m.status === 'NoCoverage') c.noCoverage++
    else if (m.status === 'Timeout') c.timeout++
    else if (m.status === 'Ignored') c.ignored++
    else c.errors++ // CompileError, RuntimeError, Pending
  }
  // Stryker's score: (killed + timeout) / (killed + timeout + survived + no coverage).
  const detected = c.killed + c.timeout
  const valid = detected + c.survived + c.noCoverage
  return { ...c, score: valid === 0 ? null : (100 * detected) / valid }
}

const header = ['area', 'killed', 'timeout', 'survived', 'no coverage', 'ignored', 'score']
const lines = rows.map(r =>
  r.missing
    ? [r.area, '-', '-', '-', '-', '-', 'no report']
    : [
        r.area,
        r.killed,
        r.timeout,
        r.survived,
        r.noCoverage,
        r.ignored,
        r.score === null ? 'n/a' : `${r.score.toFixed(2)}%`,
      ].map(String),
)
const widths = header.map((h, i) => Math.max(h.length, ...lines.map(l => l[i].length)))
const fmt = cells =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')
process.stdout.write(
  `\n${fmt(header)}\n${fmt(widths.map(w => '-'.repeat(w)))}\n${lines.map(fmt).join('\n')}\n`,
)
process.stdout.write('static mutants are not run (ignoreStatic); see README "Mutation testing"\n')
process.exit(failed ? 1 : 0)
