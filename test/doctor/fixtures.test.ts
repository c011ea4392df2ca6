/**
 * fixtures/snapshots/*.json are written from scenario-defs.ts. With UPDATE_FIXTURES=1 this test
 * (re)writes them; otherwise it fails when a file is missing or stale, so the JSON in the repo
 * always matches its definition.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SCENARIOS } from './scenario-defs.js'

const dir = new URL('../../fixtures/snapshots/', import.meta.url)
const examples = new URL('../../examples/doctor/', import.meta.url)

/** Example snapshots shipped for the README's main job (bare snapshots, as --save-snapshot writes them). */
const EXAMPLES: Readonly<Record<string, string>> = {
  healthy: 'healthy',
  'sourcevpce-mismatch': 'row28-sourcevpce-lists-old-endpoint',
  'cross-account-identity-missing': 'row33-cross-account-identity-missing',
  'caller-sg-no-egress': 'row16-caller-sg-no-egress-443',
  'account-b-unreadable': 'account-b-unreadable',
}
const update = process.env.UPDATE_FIXTURES === '1'

describe('scenario fixtures', () => {
  it('has at least 35 scenarios with unique names', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(35)
    expect(new Set(SCENARIOS.map(s => s.name)).size).toBe(SCENARIOS.length)
  })

  it.each(SCENARIOS.map(s => [s.name, s] as const))('%s.json is up to date', (name, def) => {
    const text =
      JSON.stringify(
        { description: def.description, rows: def.rows, snapshot: def.build(), expect: def.expect },
        null,
        2,
      ) + '\n'
    const file = new URL(`${name}.json`, dir)
    if (update) {
      mkdirSync(dir, { recursive: true })
      writeFileSync(file, text)
    }
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  it.each(Object.entries(EXAMPLES))('examples/doctor/%s.json is up to date', (name, scenario) => {
    const def = SCENARIOS.find(s => s.name === scenario)!
    const text = JSON.stringify(def.build(), null, 2) + '\n'
    const file = new URL(`${name}.json`, examples)
    if (update) {
      mkdirSync(examples, { recursive: true })
      writeFileSync(file, text)
    }
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  it('has no file without a definition', () => {
    const files = readdirSync(dir).filter(f => f.endsWith('.json'))
    expect(files.sort()).toEqual(SCENARIOS.map(s => `${s.name}.json`).sort())
  })
})
