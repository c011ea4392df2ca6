/**
 * How API Gateway picks what a request reaches: the base path mapping of a custom domain (the
 * longest base path that prefixes the URL path) and the resource template of a REST API
 * (literal segments beat `{param}`, and a greedy `{proxy+}` matches what nothing else does).
 * Pure and structurally typed, so the collector (which reads only the method a route reaches)
 * and the doctor's analysis share one definition.
 */

/** The base path mapping a URL path uses: the longest base path that prefixes it, else `(none)`. */
export function mapPath<M extends { readonly basePath: string }>(
  mappings: readonly M[],
  urlPath: string,
): { mapping: M; rest: string } | undefined {
  const segs = urlPath.split('/').filter(x => x !== '')
  const candidates = [...mappings].sort((a, b) => b.basePath.length - a.basePath.length)
  for (const m of candidates) {
    if (m.basePath === '(none)' || m.basePath === '') continue
    const base = m.basePath.split('/').filter(x => x !== '')
    if (base.every((b, i) => segs[i] === b)) {
      const rest = segs.slice(base.length)
      return { mapping: m, rest: `/${rest.join('/')}` }
    }
  }
  const root = mappings.find(m => m.basePath === '(none)' || m.basePath === '')
  return root ? { mapping: root, rest: `/${segs.join('/')}` } : undefined
}

/**
 * Matches a request path against API Gateway resource templates as API Gateway does: literal
 * segments win over `{param}`, and `{proxy+}` (greedy) matches what nothing else does.
 */
export function matchResource<R extends { readonly path: string }>(
  resources: readonly R[],
  path: string,
): R | undefined {
  const segs = path.split('/').filter(x => x !== '')
  let best: { r: R; score: number } | undefined
  for (const r of resources) {
    const tpl = r.path.split('/').filter(x => x !== '')
    const score = templateScore(tpl, segs)
    if (score !== undefined && (!best || score > best.score)) best = { r, score }
  }
  return best?.r
}

function templateScore(tpl: readonly string[], segs: readonly string[]): number | undefined {
  let score = 0
  for (let i = 0; i < tpl.length; i++) {
    const t = tpl[i]!
    if (/^\{[^}]+\+\}$/.test(t)) {
      // Greedy: one or more remaining segments; the least specific match.
      return i === tpl.length - 1 && segs.length > i ? score : undefined
    }
    const seg = segs[i]
    if (seg === undefined) return undefined
    if (/^\{[^}]+\}$/.test(t)) score += 1
    else if (t === seg) score += 100
    else return undefined
  }
  return tpl.length === segs.length ? score + 1 : undefined
}
