/**
 * The one atomic write (cli/files.ts): --save-snapshot and `-o` share it. Given a path, When a
 * whole text is written, Then a regular file appears only complete (mode as asked), a symlink
 * keeps pointing at the file it names, and a failed write leaves no temporary file behind.
 */
import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeTextAtomic } from '../../src/cli/files.js'

const dir = mkdtempSync(join(tmpdir(), 'pvapi-atomic-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('writeTextAtomic', () => {
  it('creates the file with the mode asked (a snapshot: 0600) and nothing else', async () => {
    const file = join(dir, 'snap.json')
    await writeTextAtomic(file, '{"a":1}\n', 0o600)
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n')
    expect(lstatSync(file).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['snap.json'])
  })

  it('replaces an existing file whole, and writes through a symlink without replacing the link', async () => {
    const target = join(dir, 'real.json')
    const link = join(dir, 'link.json')
    writeFileSync(target, 'old')
    symlinkSync(target, link)
    await writeTextAtomic(link, 'new')
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readFileSync(target, 'utf8')).toBe('new')
  })

  it('fails in a folder that does not exist, leaving no temporary file', async () => {
    const sub = join(dir, 'gone', 'snap.json')
    await expect(writeTextAtomic(sub, 'x')).rejects.toMatchObject({ code: 'ENOENT' })
    expect(readdirSync(dir).filter(f => f.includes('.tmp'))).toEqual([])
  })
})
