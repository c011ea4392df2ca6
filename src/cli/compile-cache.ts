import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  type Stats,
} from 'node:fs'
import Module from 'node:module'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve, sep } from 'node:path'
import { Script } from 'node:vm'

/**
 * V8 code cache for the bundle, so a run skips parsing and compiling what the last run did.
 *
 * CommonJS modules can be compiled through `vm.Script` with `cachedData`, which is what
 * `v8-compile-cache` did for years; the bundle ships as CommonJS for that reason (Node 20 has
 * no code cache for ESM). Node 22.1+ has `module.enableCompileCache`, but it stores a module's
 * code as compiled before it runs, without the functions compiled lazily while it runs; this
 * cache is written at exit and holds them. Measured on a 2-core box, `doctor --snapshot`:
 * Node 20 103 → 82 ms; Node 22 52 ms with Node's cache, 43 ms with this one.
 *
 * Only files under `root` (the bundle) are compiled this way. V8 checks a cache against the
 * source's *length*, not its content, so each build gets its own folder (`buildId`, a hash of
 * the bundle's files): a new version can never run an old version's compiled code.
 */
export interface CompileCacheOptions {
  /** Folder of the bundle's files; nothing else goes through the cache. */
  readonly root: string
  /** Hash of the bundle's contents (set at build time). */
  readonly buildId: string
  /**
   * The command being run: each keeps its own cache, since a cache holds the functions the
   * run that wrote it compiled (a `doctor` run's cache of a shared file lacks `call`'s).
   */
  readonly scope: string
  readonly env: Readonly<Record<string, string | undefined>>
}

const DAY_MS = 24 * 3600 * 1000
/** Another build's folder is removed once no run has used it for this long. */
const STALE_MS = 7 * DAY_MS

interface CjsModule {
  exports: unknown
  _compile(content: string, filename: string, ...rest: unknown[]): unknown
}

/** Turn the cache on; false when it stays off. */
export function enableCompileCache(opts: CompileCacheOptions): boolean {
  // Node's own switch for its cache; honour it for this one too.
  if (opts.env.NODE_DISABLE_COMPILE_CACHE) return false
  const dir = cacheDir(opts)
  if (!dir) return false
  const root = opts.root.endsWith(sep) ? opts.root : opts.root + sep
  const proto = (Module as unknown as { prototype: CjsModule }).prototype
  const original = proto._compile
  const fresh: Array<[string, Script]> = []
  proto._compile = function (this: CjsModule, content: string, filename: string, ...rest: unknown[]) {
    if (!filename.startsWith(root)) return original.call(this, content, filename, ...rest)
    // Size and mtime in the name as well: a file edited in place (patch-package) keeps the
    // build id, and V8 would accept the old code for a source of the same length.
    const st = statSync(filename)
    const file = join(dir, `${basename(filename)}.${st.size}-${Math.trunc(st.mtimeMs)}.cache`)
    const cachedData = readCache(file)
    const script = new Script(Module.wrap(content), { filename, cachedData })
    if (!cachedData || script.cachedDataRejected) fresh.push([file, script])
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown
    const require = Module.createRequire(filename)
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename))
  }
  // Written once, at exit, so the cache holds every function this run compiled.
  process.once('exit', () => {
    for (const [file, script] of fresh) {
      try {
        const tmp = `${file}.${process.pid}.tmp`
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 })
        renameSync(tmp, file)
      } catch {
        // A full disk or a read-only temp folder only costs speed.
      }
    }
  })
  return true
}

/**
 * `$NODE_COMPILE_CACHE` (Node's variable) or `<tmp>/pvapi-compile-cache-<uid>`, then a folder
 * per build and Node version, and one per command. Compiled code runs without further checks,
 * so these folders must be ours alone (owned by this user, writable by nobody else), and so
 * must every folder above them be (or sticky, like /tmp): otherwise another user could swap
 * a folder between this check and a later read. If anything fails the check, the cache is off.
 */
function cacheDir(opts: CompileCacheOptions): string | undefined {
  const uid = process.getuid?.() ?? -1
  const base = opts.env.NODE_COMPILE_CACHE || join(tmpdir(), `pvapi-compile-cache-${uid}`)
  const build = `${opts.buildId}-${process.version}-${process.arch}`
  const scope = /^[a-z]{1,20}$/.test(opts.scope) ? opts.scope : 'other'
  const buildDir = join(base, build)
  const scopeDir = join(buildDir, scope)
  try {
    // The first folder it had to create, if any: above the scope folder means a new build.
    const created = mkdirSync(scopeDir, { recursive: true, mode: 0o700 })
    const buildStat = lstatSync(buildDir)
    if (uid !== -1) {
      // Windows has no uids; the folder is then under the user's own profile.
      const lexical = resolve(base)
      const real = realpathSync(base)
      if (!safeAncestors(lexical, uid) || (real !== lexical && !safeAncestors(real, uid))) return undefined
      if (![lstatSync(base), buildStat, lstatSync(scopeDir)].every(st => ownPrivateDir(st, uid)))
        return undefined
    }
    // Mark the build as in use (once a day is enough); a new build (an upgrade, another npx
    // version) clears out the builds nobody used for a week.
    const now = Date.now()
    if (now - buildStat.mtimeMs > DAY_MS) utimesSync(buildDir, now / 1000, now / 1000)
    if (created !== undefined && created !== scopeDir) pruneStaleBuilds(base, build, now)
    return scopeDir
  } catch {
    return undefined
  }
}

/** Every folder above `path`: owned by this user or root, and writable by others only if sticky. */
function safeAncestors(path: string, uid: number): boolean {
  for (let d = dirname(path); ; d = dirname(d)) {
    const s = lstatSync(d)
    if (s.uid !== uid && s.uid !== 0) return false
    if (!s.isSymbolicLink() && (s.mode & 0o022) !== 0 && (s.mode & 0o1000) === 0) return false
    if (dirname(d) === d) return true
  }
}

function ownPrivateDir(s: Stats, uid: number): boolean {
  return s.isDirectory() && s.uid === uid && (s.mode & 0o022) === 0 // not a symlink planted in /tmp
}

function pruneStaleBuilds(base: string, keep: string, now: number): void {
  for (const entry of readdirSync(base)) {
    // Only folders named like ours: $NODE_COMPILE_CACHE may be shared with Node's own cache.
    if (entry === keep || !/^[0-9a-f]{16}-v\d+\.\d+\.\d+-/.test(entry)) continue
    const path = join(base, entry)
    try {
      if (now - lstatSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true })
    } catch {
      // another run removed it first
    }
  }
}

/** The cache file, if any (the folder is ours alone, see cacheDir). */
function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file)
  } catch {
    return undefined
  }
}
