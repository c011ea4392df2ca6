import {
  chmodSync,
  chownSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliEnv, runCli, tempFiles } from '../helpers/run-cli.js'

// The built CLI keeps a V8 code cache between runs (src/cli/compile-cache.ts), on every Node
// version. `doctor --snapshot` loads most of the bundle's own code.
const SNAPSHOT = join(__dirname, '../../examples/doctor/healthy.json')
const doctor = (env: Record<string, string>) =>
  runCli(['doctor', '--snapshot', SNAPSHOT, '--format', 'json'], { env })
// The cache's default place is under the temporary folder; point that at a fresh one.
// (Not NODE_COMPILE_CACHE, which pvapi honours too: on Node 22+ it also turns on Node's own.)
const inTmp = (tmp: string, extra: Record<string, string> = {}) => cliEnv({ TMPDIR: tmp, ...extra })
const cacheOf = (tmp: string) => join(tmp, `pvapi-compile-cache-${process.getuid?.() ?? -1}`)

/** Every file under dir, with its mtime and mode. */
function files(dir: string): Map<string, { mtimeMs: number; mode: number; bytes: Buffer }> {
  const out = new Map<string, { mtimeMs: number; mode: number; bytes: Buffer }>()
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else {
        const st = statSync(p)
        out.set(p.slice(dir.length + 1), {
          mtimeMs: st.mtimeMs,
          mode: st.mode & 0o777,
          bytes: readFileSync(p),
        })
      }
    }
  }
  walk(dir)
  return out
}

describe('compile cache', () => {
  it('a run fills the cache folder; NODE_DISABLE_COMPILE_CACHE leaves it empty', async () => {
    const tmp = tempFiles({})
    const on = await doctor(inTmp(tmp))
    expect(on.code, on.stderr).toBe(0)
    expect(files(cacheOf(tmp)).size).toBeGreaterThan(3)
    const off = tempFiles({})
    const r = await doctor(inTmp(off, { NODE_DISABLE_COMPILE_CACHE: '1' }))
    expect(r.code, r.stderr).toBe(0)
    expect(r.out).toBe(on.out)
    expect(files(off).size).toBe(0)
  })

  describe('the cache folder', () => {
    it('is private, keyed by build and Node version, and reused as is by the next run', async () => {
      const tmp = tempFiles({})
      const dir = cacheOf(tmp)
      expect((await doctor(inTmp(tmp))).code).toBe(0)
      expect(statSync(dir).mode & 0o777).toBe(0o700)
      const [sub] = readdirSync(dir)
      expect(sub).toMatch(
        new RegExp(`^[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}$`),
      )
      expect(statSync(join(dir, sub!)).mode & 0o777).toBe(0o700)
      expect(readdirSync(join(dir, sub!))).toEqual(['doctor']) // one cache per command
      const first = files(dir)
      for (const [name, f] of first) {
        expect(name).toMatch(/\/doctor\/[\w-]+\.js\.\d+-\d+\.cache$/)
        expect(f.mode).toBe(0o600)
      }
      // The cache was accepted: a rejected one would have been written again.
      const again = await doctor(inTmp(tmp))
      expect(again.code, again.stderr).toBe(0)
      for (const [name, f] of files(dir)) expect(f.mtimeMs, name).toBe(first.get(name)?.mtimeMs)
    })

    it('a corrupt cache file is rejected, the run is unaffected, and the file is rewritten', async () => {
      const tmp = tempFiles({})
      const dir = cacheOf(tmp)
      const clean = await doctor(inTmp(tmp))
      const [sub] = readdirSync(dir)
      const scoped = join(dir, sub!, 'doctor')
      const victims = readdirSync(scoped)
      const garbage = Buffer.alloc(4096, 0x5a)
      for (const v of victims) writeFileSync(join(scoped, v), garbage)
      const r = await doctor(inTmp(tmp))
      expect(r.code, r.stderr).toBe(0)
      expect(r.out).toBe(clean.out)
      for (const v of victims) expect(readFileSync(join(scoped, v)).equals(garbage), v).toBe(false)
    })

    it('a new build clears out other builds’ folders unused for a week, and nothing else', async () => {
      const tmp = tempFiles({})
      const dir = cacheOf(tmp)
      const stale = join(dir, `0123456789abcdef-${process.version}-${process.arch}`)
      const recent = join(dir, `fedcba9876543210-${process.version}-${process.arch}`)
      const foreign = join(dir, 'v22.23.3-x64-9ac5647c-0') // Node's own cache layout
      for (const d of [stale, recent, foreign]) {
        mkdirSync(d, { recursive: true, mode: 0o700 })
        writeFileSync(join(d, 'x.js.cache'), 'old')
      }
      chmodSync(dir, 0o700)
      const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000)
      for (const d of [stale, foreign]) utimesSync(d, weekAgo, weekAgo)
      expect((await doctor(inTmp(tmp))).code).toBe(0)
      const left = readdirSync(dir)
      expect(left).not.toContain(basename(stale))
      expect(left).toEqual(expect.arrayContaining([basename(recent), basename(foreign)]))
      expect(left).toHaveLength(3) // and this build's own
    })

    it('stays off in a folder other users can write to (someone could plant compiled code)', async () => {
      const tmp = tempFiles({})
      const dir = cacheOf(tmp)
      mkdirSync(dir)
      chmodSync(dir, 0o777)
      const r = await doctor(inTmp(tmp))
      expect(r.code, r.stderr).toBe(0)
      expect(files(dir).size).toBe(0)
    })

    it('stays off under a folder others can write to that is not sticky (they could swap ours)', async () => {
      const shared = join(tempFiles({}), 'shared')
      mkdirSync(join(shared, 'mine'), { recursive: true })
      chmodSync(shared, 0o777)
      chmodSync(join(shared, 'mine'), 0o700)
      const r = await doctor(inTmp(join(shared, 'mine')))
      expect(r.code, r.stderr).toBe(0)
      expect(files(shared).size).toBe(0)
      // Sticky (as /tmp is): others cannot rename what is ours, so the cache is used.
      chmodSync(shared, 0o1777)
      expect((await doctor(inTmp(join(shared, 'mine')))).code).toBe(0)
      expect(files(shared).size).toBeGreaterThan(0)
    })

    it('stays off when the folder is a symlink, even to a private folder', async () => {
      const tmp = tempFiles({})
      const real = join(tmp, 'real')
      mkdirSync(real, { mode: 0o700 })
      symlinkSync(real, cacheOf(tmp))
      expect((await doctor(inTmp(tmp))).code).toBe(0)
      expect(files(real).size).toBe(0)
    })

    it.skipIf(process.getuid?.() !== 0)(
      'stays off in a folder owned by another user (runs as root)',
      async () => {
        const tmp = tempFiles({})
        const dir = cacheOf(tmp)
        mkdirSync(dir, { mode: 0o700 })
        chownSync(dir, 65534, 65534)
        expect((await doctor(inTmp(tmp))).code).toBe(0)
        expect(files(dir).size).toBe(0)
      },
    )
  })
})
