import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { snapshotShapeProblem } from '../../src/doctor/snapshot-shape.js'

const load = (path: string) => {
  const j = JSON.parse(readFileSync(path, 'utf8')) as { snapshot?: unknown }
  return (j.snapshot ?? j) as Record<string, unknown>
}
const files = [
  ...readdirSync('fixtures/snapshots').map(f => `fixtures/snapshots/${f}`),
  ...readdirSync('examples/doctor').map(f => `examples/doctor/${f}`),
].filter(f => f.endsWith('.json'))

describe('snapshot shape check (doctor --snapshot)', () => {
  it.each(files)('%s is well formed', file => expect(snapshotShapeProblem(load(file))).toBeUndefined())

  // Given the healthy example, When one field has the wrong type, Then the problem names it.
  const mutate = (edit: (s: Record<string, any>) => void) => {
    const s = structuredClone(load('examples/doctor/healthy.json')) as Record<string, any>
    edit(s)
    return snapshotShapeProblem(s)
  }
  it.each([
    ['target null', (s: Record<string, any>) => (s.target = null), 'snapshot.target must be an object'],
    ['network a string', (s: Record<string, any>) => (s.network = 'x'), 'snapshot.network must be an object'],
    ['api a list', (s: Record<string, any>) => (s.api = []), 'snapshot.api must be an object'],
    [
      'bad host kind',
      (s: Record<string, any>) => (s.target.hostKind = 'ftp'),
      'snapshot.target.hostKind must be one of',
    ],
    [
      'bad status',
      (s: Record<string, any>) => (s.api.restApi = { status: 'maybe' }),
      'snapshot.api.restApi.status must be',
    ],
    [
      'ok without value',
      (s: Record<string, any>) => (s.network.endpoints = { status: 'ok' }),
      'snapshot.network.endpoints.value is missing',
    ],
    [
      'endpoints not a list',
      (s: Record<string, any>) => (s.network.endpoints = { status: 'ok', value: {} }),
      'snapshot.network.endpoints.value must be a list',
    ],
    [
      'bad date',
      (s: Record<string, any>) => (s.collectedAt = 'yesterday'),
      'snapshot.collectedAt must be an ISO date',
    ],
    [
      'addresses not strings',
      (s: Record<string, any>) =>
        (s.dns.answers = { x: { status: 'ok', value: { hostname: 'x', addresses: [1] } } }),
      'snapshot.dns.answers.x.value.addresses[0] must be a string',
    ],
  ])('%s', (_name, edit, message) => expect(mutate(edit)).toContain(message))
  it('rejects what is not an object at all', () => {
    expect(snapshotShapeProblem(null)).toBe('snapshot must be an object')
    expect(snapshotShapeProblem([1])).toBe('snapshot must be an object')
  })
})

describe('pvapi doctor --snapshot on a corrupted file', () => {
  it('is one line with exit 2 naming the field, not an internal error', async () => {
    const { runCli, tempFiles } = await import('../helpers/run-cli.js')
    const { join } = await import('node:path')
    const s = load('examples/doctor/healthy.json')
    const dir = tempFiles({ 'bad.json': JSON.stringify({ ...s, network: 'x' }) })
    const r = await runCli(['doctor', '--snapshot', join(dir, 'bad.json')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^pvapi: --snapshot .*bad\.json: snapshot\.network must be an object\n  hint: /)
  })
})

describe('pvapi doctor text output and hostile strings from AWS', () => {
  it('escapes control characters a resource name or Sid could carry (no terminal injection)', async () => {
    const { runCli, tempFiles } = await import('../helpers/run-cli.js')
    const { join } = await import('node:path')
    // Given a policy Sid carrying an escape sequence (set by whoever controls account B)
    const s = structuredClone(load('examples/doctor/sourcevpce-mismatch.json')) as Record<string, any>
    const text = JSON.stringify(s).replace(
      /"DenyOutsideEndpoint"/g,
      JSON.stringify('Deny\u001b]52;c;ZXZpbA==\u0007\u001b[2J'),
    )
    const dir = tempFiles({ 'hostile.json': text })
    // When the doctor renders text and Markdown
    for (const format of ['text', 'markdown']) {
      const r = await runCli(['doctor', '--snapshot', join(dir, 'hostile.json'), '--format', format])
      expect(r.code).toBe(1)
      // Then no raw ESC or BEL reaches the terminal, and the escaped form is visible
      expect(r.out).not.toMatch(/[\u001b\u0007]/)
      expect(r.out).toContain('Deny\\x1b]52;c;')
    }
  })
})
