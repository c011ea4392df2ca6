// Source maps are shipped for pvapi's own code (stack traces with --debug point at src/*.ts);
// mappings into bundled dependencies would only point at files the package does not ship,
// yet they are most of the maps' size (the EC2 client's alone is ~200 KB gzipped). Keep the
// segments that map to our sources, drop the rest, and drop a map that is left with none.
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]))

/** Base64 VLQ (source map v3) → numbers. */
function decodeSegment(text) {
  const out = []
  let value = 0
  let shift = 0
  for (const ch of text) {
    const digit = B64_INDEX.get(ch)
    if (digit === undefined) throw new Error(`bad source map character ${ch}`)
    value += (digit & 31) << shift
    if (digit & 32) shift += 5
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1)
      value = 0
      shift = 0
    }
  }
  return out
}

function encodeNumber(n) {
  let v = n < 0 ? (-n << 1) | 1 : n << 1
  let s = ''
  do {
    let digit = v & 31
    v >>>= 5
    if (v > 0) digit |= 32
    s += B64[digit]
  } while (v > 0)
  return s
}

/** A map keeping only the segments whose source `keep` accepts; undefined when none is left. */
export function trimMap(map, keep) {
  const kept = map.sources.map(s => keep(s))
  if (!kept.some(Boolean)) return undefined
  const sourceIndex = new Map()
  const sources = []
  map.sources.forEach((s, i) => {
    if (kept[i]) {
      sourceIndex.set(i, sources.length)
      sources.push(s)
    }
  })
  const nameIndex = new Map()
  const names = []
  // Absolute state while decoding; the "previous" state while encoding.
  let src = 0
  let srcLine = 0
  let srcCol = 0
  let name = 0
  let outSrc = 0
  let outLine = 0
  let outCol = 0
  let outName = 0
  const lines = map.mappings.split(';').map(line => {
    let genCol = 0
    let outGenCol = 0
    const segments = []
    for (const text of line ? line.split(',') : []) {
      const f = decodeSegment(text)
      genCol += f[0]
      if (f.length < 4) continue // no source: nothing to keep
      src += f[1]
      srcLine += f[2]
      srcCol += f[3]
      if (f.length >= 5) name += f[4]
      if (!sourceIndex.has(src)) continue
      const s = sourceIndex.get(src)
      let seg =
        encodeNumber(genCol - outGenCol) +
        encodeNumber(s - outSrc) +
        encodeNumber(srcLine - outLine) +
        encodeNumber(srcCol - outCol)
      outGenCol = genCol
      outSrc = s
      outLine = srcLine
      outCol = srcCol
      if (f.length >= 5) {
        if (!nameIndex.has(name)) {
          nameIndex.set(name, names.length)
          names.push(map.names[name])
        }
        const n = nameIndex.get(name)
        seg += encodeNumber(n - outName)
        outName = n
      }
      segments.push(seg)
    }
    return segments.join(',')
  })
  return { ...map, sources, names, mappings: lines.join(';') }
}

const own = source => !/node_modules[\\/]/.test(source)

/** Trim every map under dir (recursively); a map left empty is removed with its reference. */
export function trimMapsIn(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      trimMapsIn(path)
      continue
    }
    if (!name.endsWith('.js.map')) continue
    const trimmed = trimMap(JSON.parse(readFileSync(path, 'utf8')), own)
    if (trimmed) {
      writeFileSync(path, JSON.stringify(trimmed))
      continue
    }
    rmSync(path)
    const js = path.slice(0, -'.map'.length)
    writeFileSync(js, readFileSync(js, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'))
  }
}
