// Build the published package: an esbuild bundle with no runtime dependencies to fetch.
//
// Start-up is the product goal (npx during incidents), so the bundle is split in *lanes*: the
// CLI entry is tiny and every heavy part loads only when a command needs it (field guide:
// startup-costs.md). Source code keeps plain lazy `import('../x.js')` calls; this script
// routes each one to the lane that module belongs to, so a handful of files ship instead of
// one per import site. Inside dependencies (the AWS SDK's lazily loaded credential
// providers) dynamic imports become static, for the same reason.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { REPO } from './load-test-support.mjs'
import { trimMapsIn } from './trim-maps.mjs'

const SRC = join(REPO, 'src')
const DIST = join(REPO, 'dist')
// Build beside dist/ and swap at the end, so a test run using dist/ never sees it half-built.
const OUT = join(REPO, `.dist-build-${process.pid}`)
const STAGE = `${OUT}-esm`
const BUILD_ID_PLACEHOLDER = '@@PVAPI_BUILD_ID@@'

/** Which lane a source module or a bare package loads in. */
const LANES = [
  // Only with `call --repeat` / `doctor --probe`: kept out of `call`'s and `doctor`'s start-up.
  ['repeat', /src[\\/]call[\\/](run-repeat|repeat-[^\\/]*)\.ts$|src[\\/]render[\\/]repeat-/],
  ['probe', /src[\\/]probe[\\/]/],
  // Only when a proxy is configured (HTTPS_PROXY, -x): a plain call never loads it.
  ['proxy', /src[\\/]http[\\/]proxy(-env)?\.ts$/],
  ['aws-ec2', /src[\\/]aws[\\/](doctor-ec2|doctor-ec2-transit|vpce-lookup)\.ts$/],
  // With keys in the environment, credentials need no SDK: keep them out of the SDK lanes.
  ['creds', /src[\\/]aws[\\/](credentials|region|network|ca-bundle|role-cache)\.ts$/],
  ['aws', /src[\\/]aws[\\/]sts\.ts$/],
  ['aws-doctor', /src[\\/]aws[\\/]/],
  ['doctor', /src[\\/](doctor|dns)[\\/]|src[\\/]render[\\/]doctor-/],
  // --from-api / --vpc-link only (imported lazily by doctor.ts): not in the CLI chunk every command loads.
  ['doctor', /src[\\/]cli[\\/]commands[\\/]doctor-front-door\.ts$/],
  // Running the doctor (supplied policies, the live collection): imported lazily by doctor.ts.
  ['doctor', /src[\\/]doctor-run[\\/]/],
  ['policy', /src[\\/]policy[\\/]|src[\\/]render[\\/]policy-/],
  // Small shared modules: a dynamic import of one must not drag in a feature lane.
  ['core', /src[\\/]core[\\/]/],
  // Error rendering scrubs with node:crypto: loaded only when there is an error to print.
  ['errors', /src[\\/]cli[\\/]render-error\.ts$/],
  // The CLI (commander, chalk) apart from the request code, which the library shares.
  ['cli', /src[\\/]cli[\\/]/],
  ['call', /src[\\/]/],
]
const PACKAGE_LANES = {
  ora: 'spinner',
  '@smithy/core/config': 'aws-config',
  '@aws-sdk/credential-providers': 'aws',
  '@aws-sdk/client-sts': 'aws',
  '@aws-sdk/client-ec2': 'aws-ec2',
}
const laneOf = abs => LANES.find(([, re]) => re.test(abs))?.[0]

// 1. Every dynamic import in src, and the lane it targets.
const members = new Map() // lane -> Map(key -> specifier to import)
const keyOf = target =>
  `m_${relative(SRC, target)
    .replace(/\.[tj]s$/, '')
    .replace(/[^A-Za-z0-9]/g, '_')}`
const DYNAMIC = /\bimport\(\s*(['"])([^'"]+)\1\s*\)/g
// `const { A, B } = await import('pkg')`: the lane re-exports only A and B of a package (a
// namespace of all of @aws-sdk/client-ec2 would keep every command in the lane).
const PICK = /\bconst\s*\{([^}]*)\}\s*=\s*await\s+import\(\s*(['"])([^'"]+)\2\s*\)/g
const picks = new Map() // package -> Set(names), or null when used as a whole
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p)
    else if (p.endsWith('.ts')) scan(p)
  }
}
function target(file, spec) {
  if (spec.startsWith('.')) return { abs: resolve(dirname(file), spec.replace(/\.js$/, '.ts')) }
  return PACKAGE_LANES[spec] ? { pkg: spec } : undefined
}
function scan(file) {
  const text = readFileSync(file, 'utf8')
  const picked = new Set()
  for (const [m, names, , spec] of text.matchAll(PICK)) {
    if (spec.startsWith('.')) continue
    picked.add(m)
    if (picks.get(spec) === null) continue
    const set = picks.get(spec) ?? new Set()
    for (const n of names.split(',')) if (n.trim()) set.add(n.trim().split(/\s*:/)[0])
    picks.set(spec, set)
  }
  for (const [m, , spec] of text.matchAll(DYNAMIC))
    if (!spec.startsWith('.') && ![...picked].some(p => p.includes(m))) picks.set(spec, null)
  for (const [, , spec] of text.matchAll(DYNAMIC)) {
    const t = target(file, spec)
    if (!t) continue
    const lane = t.abs ? laneOf(t.abs) : PACKAGE_LANES[t.pkg]
    if (!lane) continue
    if (!members.has(lane)) members.set(lane, new Map())
    members.get(lane).set(t.abs ? keyOf(t.abs) : `p_${t.pkg.replace(/[^A-Za-z0-9]/g, '_')}`, t.abs ?? t.pkg)
  }
}
walk(SRC)

/** Rewrite `import('./x.js')` in our sources to `import('lane:L').then((l) => l.key)`. */
const lanesPlugin = {
  name: 'pvapi-lanes',
  setup(b) {
    b.onResolve({ filter: /^lane:/ }, args => ({ path: args.path.slice(5), namespace: 'pvapi-lane' }))
    b.onLoad({ filter: /.*/, namespace: 'pvapi-lane' }, args => ({
      contents: [...members.get(args.path)]
        .map(
          ([key, spec]) =>
            `export * as ${key} from ${JSON.stringify(picks.get(spec) ? `pick:${spec}` : spec)}`,
        )
        .join('\n'),
      resolveDir: SRC,
      loader: 'ts',
    }))
    b.onResolve({ filter: /^pick:/ }, args => ({ path: args.path.slice(5), namespace: 'pvapi-pick' }))
    b.onLoad({ filter: /.*/, namespace: 'pvapi-pick' }, args => ({
      contents: `export { ${[...picks.get(args.path)].join(', ')} } from ${JSON.stringify(args.path)}`,
      resolveDir: SRC,
      loader: 'js',
    }))
    b.onLoad({ filter: /src[\\/].*\.ts$/ }, async args => {
      const src = await readFile(args.path, 'utf8')
      const contents = src.replace(DYNAMIC, (m, _q, spec) => {
        const t = target(args.path, spec)
        if (!t) return m
        const lane = t.abs ? laneOf(t.abs) : PACKAGE_LANES[t.pkg]
        const key = t.abs ? keyOf(t.abs) : `p_${t.pkg.replace(/[^A-Za-z0-9]/g, '_')}`
        return `import('lane:${lane}').then((l) => l.${key})`
      })
      return { contents, loader: 'ts' }
    })
  },
}

/** Inside node_modules, `import("x")` becomes a static import (no extra chunk per provider). */
const staticizeDependencies = {
  name: 'staticize-dependency-dynamic-imports',
  setup(b) {
    b.onLoad({ filter: /node_modules[\\/].*\.m?js$/ }, async args => {
      const src = await readFile(args.path, 'utf8')
      if (!/\bimport\(\s*["']/.test(src)) return undefined
      let n = 0
      const heads = []
      const contents = src.replace(/\bimport\(\s*(["'])([^"']+)\1\s*\)/g, (_m, _q, spec) => {
        heads.push(`import * as __pvdyn${n} from ${JSON.stringify(spec)};`)
        return `Promise.resolve(__pvdyn${n++})`
      })
      return { contents: heads.join('') + contents, loader: 'js', resolveDir: dirname(args.path) }
    })
  },
}

/**
 * The SDK's core packages do not declare themselves free of side effects, so a bundler keeps
 * every module their barrels name: the SigV4 signer alone then drags ~100 KB of protocol code
 * onto `call`'s start-up path. Their modules only define functions and classes; say so.
 */
const pureSdkCore = {
  name: 'pure-sdk-core',
  setup(b) {
    b.onResolve({ filter: /^@smithy\/core(\/|$)|^@aws-sdk\/core(\/|$)/ }, async args => {
      if (args.pluginData?.pure) return undefined
      const r = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { pure: true },
      })
      return r.errors.length > 0 ? undefined : { ...r, sideEffects: false }
    })
    b.onResolve({ filter: /^\./ }, async args => {
      if (args.pluginData?.pure || !/node_modules[\\/]@(smithy|aws-sdk)[\\/]core[\\/]/.test(args.importer))
        return undefined
      const r = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { pure: true },
      })
      return r.errors.length > 0 ? undefined : { ...r, sideEffects: false }
    })
  },
}

/**
 * commander loads node:child_process (and with it dgram, net's socket lists…) at start-up for
 * executable subcommands, which pvapi has none of: load it on first use instead.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onLoad({ filter: /node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, async args => {
      const src = await readFile(args.path, 'utf8')
      const eager = "const childProcess = require('node:child_process');"
      if (!src.includes(eager)) throw new Error('commander changed: revisit the lazy child_process rewrite')
      return {
        contents: src.replace(
          eager,
          "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };",
        ),
        loader: 'js',
      }
    })
  },
}

/**
 * The SigV4 signer (and @smithy/hash-node) import a dozen helpers through @smithy/core's
 * barrels, and the bundle then carries the barrels' protocol, event-stream and checksum code
 * (~100 KB, and node:zlib) onto `call`'s start-up path. Point those imports at the helpers'
 * own files. If a later SDK imports a name missing here, esbuild fails the build.
 */
const SMITHY = join(REPO, 'node_modules/@smithy/core/dist-es/submodules')
const SIGNER_HELPERS = {
  'serde/util-hex-encoding/hex-encoding.js': ['toHex', 'fromHex'],
  'serde/util-utf8/fromUtf8.js': ['fromUtf8'],
  'serde/util-utf8/toUint8Array.js': ['toUint8Array'],
  'serde/writeKey.js': ['writeKey'],
  'serde/is-array-buffer/is-array-buffer.js': ['isArrayBuffer'],
  'serde/hash-node/hash-node.js': ['Hash'],
  'transport/hasOwn.js': ['hasOwn'],
  'transport/httpRequest.js': ['HttpRequest'],
  'transport/normalizeProvider.js': ['normalizeProvider'],
  'protocols/util-uri-escape/escape-uri.js': ['escapeUri'],
}
const signerHelpers = {
  name: 'signer-helpers',
  setup(b) {
    b.onResolve({ filter: /^@smithy\/core\/(serde|protocols|client)$/ }, args =>
      /node_modules[\\/]@smithy[\\/](signature-v4|hash-node)[\\/]/.test(args.importer)
        ? { path: 'helpers', namespace: 'pvapi-signer' }
        : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'pvapi-signer' }, () => ({
      contents: Object.entries(SIGNER_HELPERS)
        .map(([file, names]) => `export { ${names.join(', ')} } from ${JSON.stringify(join(SMITHY, file))}`)
        .join('\n'),
      resolveDir: SMITHY,
      loader: 'js',
    }))
  },
}

rmSync(OUT, { recursive: true, force: true })
rmSync(STAGE, { recursive: true, force: true })
const VERSION = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version
const common = {
  absWorkingDir: REPO,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  minify: true,
  // Maps for our own code, so --debug prints real file:line; dependency sources are not shipped.
  sourcemap: 'linked',
  sourcesContent: false,
  mainFields: ['module', 'main'],
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [lanesPlugin, signerHelpers, pureSdkCore, staticizeDependencies, lazyBuiltins],
  define: {
    __PVAPI_VERSION__: JSON.stringify(VERSION),
    __PVAPI_BUILD_ID__: JSON.stringify(BUILD_ID_PLACEHOLDER),
  },
}

// The library (`pvapi`, `pvapi/policy`) ships as ESM, so that a consumer can bundle it into
// an ESM Lambda. Bundled CommonJS dependencies call require() for Node built-ins: give the
// files that do one. A consumer bundling to CommonJS (the CDK's default) empties
// import.meta, hence the __filename fallback.
const BANNER =
  "import{createRequire as __pvcr}from'node:module';const require=__pvcr(import.meta.url??__filename);"
//
// The AWS SDK is not inlined into the library: `@aws-sdk/*` stays a real `import()` (optional
// peer dependencies). A Lambda then uses the runtime's own SDK v3, a consumer's bundler (the
// CDK marks `@aws-sdk/*` external) keeps the credential chain, STS and the 588 KiB EC2 client
// out of the handler, and a call with credentials in the environment loads none of them.
// Each lazy `import('../aws/…')` becomes its own chunk (no lanes): a consumer bundling into
// one file gets each as a lazily evaluated module. The CLI bundle still inlines everything.
const library = await build({
  ...common,
  plugins: [signerHelpers, pureSdkCore, staticizeDependencies],
  external: ['@aws-sdk/*'],
  entryPoints: { lib: join(SRC, 'lib/index.ts'), policy: join(SRC, 'policy/index.ts') },
  outdir: OUT,
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: BANNER },
})
for (const f of Object.keys(library.metafile.outputs).filter(k => k.endsWith('.js'))) {
  const text = readFileSync(join(REPO, f), 'utf8')
  const body = text.slice(BANNER.length)
  // Keep the line (source maps stay aligned), drop the shim where nothing calls require.
  if (text.startsWith(BANNER) && !/\brequire\b/.test(body)) writeFileSync(join(REPO, f), body)
}

// The CLI, stage 1: ESM with code splitting (esbuild splits ESM only), into a scratch folder.
const result = await build({
  ...common,
  entryPoints: { cli: join(SRC, 'cli/entry.ts') },
  outdir: STAGE,
  chunkNames: '[name]-[hash]',
})

// Stage 2: every file to CommonJS, one for one (imports between files become require calls,
// lazy import() calls become lazy require calls). Only CommonJS can be compiled with a V8
// code cache that holds lazily compiled functions (src/cli/compile-cache.ts), and a CommonJS
// start skips the ESM loader's per-module linking: together about 20 ms off every run.
// esbuild reads the stage's maps and composes them.
const CJS = join(OUT, 'cjs')
await build({
  entryPoints: readdirSync(STAGE)
    .filter(f => f.endsWith('.js'))
    .map(f => join(STAGE, f)),
  outdir: CJS,
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  minify: true,
  supported: { 'dynamic-import': false },
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
})
// A few maps name stage files with no source of their own (lane modules): keep the scratch
// folder's per-build name out of them, so that two builds of one commit are identical.
for (const f of readdirSync(CJS).filter(n => n.endsWith('.map'))) {
  const text = readFileSync(join(CJS, f), 'utf8')
  if (text.includes(relative(CJS, STAGE)))
    writeFileSync(join(CJS, f), text.replaceAll(relative(CJS, STAGE), 'cli-stage'))
}
// The package is "type": "module"; this folder is CommonJS.
writeFileSync(join(CJS, 'package.json'), '{"type":"commonjs"}\n')
rmSync(STAGE, { recursive: true, force: true })

// The build id keys the compile cache: a hash of every file the cache may hold.
const hash = createHash('sha256')
for (const f of readdirSync(CJS)
  .filter(n => n.endsWith('.js'))
  .sort())
  hash.update(f).update(readFileSync(join(CJS, f)))
const buildId = hash.digest('hex').slice(0, 16)
const entryFile = join(CJS, 'cli.js')
const entryText = readFileSync(entryFile, 'utf8')
if (!entryText.includes(BUILD_ID_PLACEHOLDER)) throw new Error('build id placeholder missing from the entry')
writeFileSync(entryFile, entryText.replaceAll(BUILD_ID_PLACEHOLDER, buildId))

// For `node scripts/analyze-bundle.mjs` and the library test: what each output file holds
// (not shipped). The CLI stage's file names are the CommonJS files' names.
writeFileSync(join(REPO, '.bundle-meta.json'), JSON.stringify(result.metafile))
writeFileSync(join(REPO, '.bundle-meta-lib.json'), JSON.stringify(library.metafile))

// Source maps: our own code only (trim-maps.mjs says why).
trimMapsIn(OUT)

// Help texts, rendered once now: `pvapi --help` and `pvapi <command> --help` then print a
// file instead of loading commander and every command (entry.ts).
const help = {}
const helpOf = args =>
  execFileSync(process.execPath, [entryFile, ...args, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, COLUMNS: '80', NO_COLOR: '1', NODE_DISABLE_COMPILE_CACHE: '1' },
  })
help[''] = helpOf([])
for (const cmd of ['call', 'sign', 'whoami', 'doctor', 'policy', 'completion']) help[cmd] = helpOf([cmd])
for (const sub of ['eval', 'lint', 'scaffold']) help[`policy ${sub}`] = helpOf(['policy', sub])
writeFileSync(join(CJS, 'help.json'), JSON.stringify(help))

// 2. Declarations for the library exports (pvapi, pvapi/policy).
execFileSync(
  process.execPath,
  [
    join(REPO, 'node_modules/typescript/bin/tsc'),
    '-p',
    join(REPO, 'tsconfig.types.json'),
    '--outDir',
    join(OUT, 'types'),
  ],
  { stdio: 'inherit' },
)
// Ship only the declarations the two entry points reach (tsc writes one per source file, and
// the rest import packages the consumer does not have). Fail if a reachable one imports
// anything but a relative file: the types must compile with `skipLibCheck: false`.
{
  const types = join(OUT, 'types')
  const keep = new Set()
  const queue = [join(types, 'lib/index.d.ts'), join(types, 'policy/index.d.ts')]
  while (queue.length > 0) {
    const f = queue.pop()
    if (keep.has(f)) continue
    keep.add(f)
    for (const [, spec] of readFileSync(f, 'utf8').matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g)) {
      if (!spec.startsWith('.'))
        throw new Error(`${relative(types, f)} imports ${spec}: not a dependency of pvapi`)
      queue.push(resolve(dirname(f), spec.replace(/\.js$/, '.d.ts')))
    }
  }
  const prune = dir => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name)
      if (statSync(p).isDirectory()) {
        prune(p)
        if (readdirSync(p).length === 0) rmSync(p, { recursive: true })
      } else if (!keep.has(p)) rmSync(p)
    }
  }
  prune(types)
}

// 3. THIRD_PARTY_LICENSES: every package whose code is in the bundle, with its licence text.
const packages = new Map()
for (const input of [...Object.keys(result.metafile.inputs), ...Object.keys(library.metafile.inputs)]) {
  const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(input)
  if (!m) continue
  const dir = join(REPO, input.slice(0, m.index + m[0].length))
  if (!packages.has(dir)) packages.set(dir, m[1].replace(/\\/g, '/'))
}
const sections = []
for (const [dir, name] of [...packages].sort((a, b) => a[1].localeCompare(b[1]))) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const licenceFile = readdirSync(dir).find(f => /^(licen[cs]e|copying|notice)(\.|$)/i.test(f))
  const text = licenceFile
    ? readFileSync(join(dir, licenceFile), 'utf8').trim()
    : `(no licence file; package.json says ${pkg.license})`
  if (/\bAGPL|\bGPL-[23]|LGPL/i.test(String(pkg.license)))
    throw new Error(`copyleft dependency in the bundle: ${name} (${pkg.license})`)
  sections.push(`## ${name}@${pkg.version} (${pkg.license})\n\n${text}\n`)
}
writeFileSync(
  join(REPO, 'THIRD_PARTY_LICENSES'),
  `# Third-party licences\n\nThe pvapi package bundles the following packages.\n\n${sections.join('\n')}`,
)

const files = [
  ...Object.keys(library.metafile.outputs)
    .filter(k => k.endsWith('.js'))
    .map(k => join(REPO, k)),
  ...readdirSync(CJS)
    .filter(f => f.endsWith('.js'))
    .map(f => join(CJS, f)),
]
const bytes = files.reduce((a, f) => a + statSync(f).size, 0)
console.log(
  `built ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB of JavaScript, ${packages.size} bundled packages`,
)
if (!existsSync(entryFile)) throw new Error('dist/cjs/cli.js missing')
const old = `${DIST}.old-${process.pid}`
if (existsSync(DIST)) renameSync(DIST, old)
renameSync(OUT, DIST)
rmSync(old, { recursive: true, force: true })
