/**
 * The engine's invariants (issue 12), over the random private-API requests of generators.ts:
 * - an explicit Deny in any layer the method consults always wins;
 * - removing an Allow statement never turns a denial into allow;
 * - adding a permissions boundary or an SCP never turns a denial into allow;
 * - `deniedBy` always names a layer of the input (and one of `blockedBy`);
 * - evaluation never throws on a valid policy, and a denial always predicts a 403 while an
 *   allow predicts none.
 * Fixed seeds keep the runs reproducible.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateRequest, type RequestInput } from '../../src/policy/index.js'
import { ALLOW_ALL, scenario } from './generators.js'
import type { Json } from './reference-iam.js'

const RUNS = Number(process.env.PVAPI_INVARIANT_RUNS ?? 250)
const SEED = 1206

type Doc = { Version: string; Statement: Json[] }
const denyAll = (withPrincipal: boolean): Json => ({
  Effect: 'Deny',
  ...(withPrincipal ? { Principal: '*' } : {}),
  Action: '*',
  Resource: '*',
})
const withStatement = (doc: unknown, s: Json): Doc => ({
  Version: '2012-10-17',
  Statement: [...((doc as Doc | null)?.Statement ?? []), s],
})

/** The layers a method consults, as RequestInput fields (NONE: endpoint and resource policy only). */
function consulted(input: RequestInput): string[] {
  const always = ['vpcEndpointPolicy', 'resourcePolicy']
  return input.authorizationType === 'AWS_IAM'
    ? [...always, 'identityPolicies', 'permissionsBoundary', 'serviceControlPolicies']
    : always
}

describe('policy engine invariants', () => {
  it('an explicit Deny in any consulted layer always wins', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ input }, n) => {
        const layers = consulted(input)
        const field = layers[n % layers.length] as string
        const resourceSide = field === 'vpcEndpointPolicy' || field === 'resourcePolicy'
        const deny = denyAll(resourceSide)
        const changed: Record<string, unknown> = { ...input }
        if (field === 'identityPolicies' || field === 'serviceControlPolicies') {
          const list = (input[field] ?? []) as unknown[]
          changed[field] =
            list.length > 0
              ? list.map((p, i) => (i === 0 ? withStatement(p, deny) : p))
              : [withStatement(null, deny)]
        } else {
          changed[field] = withStatement(input[field as keyof RequestInput], deny)
        }
        const r = evaluateRequest(changed as unknown as RequestInput)
        expect(r.decision).toBe('explicit-deny')
        expect(r.response?.status).toBe(403)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('removing an Allow statement never turns a denial into allow', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.nat(), ({ input }, a, b) => {
        const before = evaluateRequest(input)
        if (before.decision === 'allow') return
        // Every policy document of the input, with a setter that replaces it.
        const docs: { doc: Doc; put: (d: Doc) => RequestInput }[] = []
        for (const field of ['vpcEndpointPolicy', 'resourcePolicy', 'permissionsBoundary'] as const) {
          const doc = input[field] as Doc | null | undefined
          if (doc) docs.push({ doc, put: d => ({ ...input, [field]: d }) })
        }
        for (const field of ['identityPolicies', 'serviceControlPolicies'] as const)
          for (const [i, doc] of ((input[field] ?? []) as Doc[]).entries())
            docs.push({
              doc,
              put: d => ({ ...input, [field]: (input[field] as Doc[]).map((x, j) => (j === i ? d : x)) }),
            })
        const target = docs[a % Math.max(docs.length, 1)]
        if (!target) return
        const allows = target.doc.Statement.flatMap((s, i) => (s.Effect === 'Allow' ? [i] : []))
        if (allows.length === 0 || target.doc.Statement.length < 2) return
        const drop = allows[b % allows.length] as number
        const after = evaluateRequest(
          target.put({ ...target.doc, Statement: target.doc.Statement.filter((_, i) => i !== drop) }),
        )
        expect(after.decision).not.toBe('allow')
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('adding a permissions boundary or an SCP never turns a denial into allow', () => {
    fc.assert(
      fc.property(scenario, scenario, fc.boolean(), ({ input }, other, addBoundary) => {
        const before = evaluateRequest(input)
        if (before.decision === 'allow') return
        const extra = (other.input.identityPolicies?.[0] as Doc | undefined) ?? ALLOW_ALL
        const changed: RequestInput =
          addBoundary && !input.permissionsBoundary && input.principal !== 'anonymous'
            ? { ...input, permissionsBoundary: extra }
            : { ...input, serviceControlPolicies: [...(input.serviceControlPolicies ?? []), extra] }
        expect(evaluateRequest(changed).decision).not.toBe('allow')
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('deniedBy names a layer of the input and one of blockedBy; a denial predicts a 403, an allow none', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const r = evaluateRequest(input)
        if (r.decision === 'allow') {
          expect(r).not.toHaveProperty('deniedBy')
          expect(r).not.toHaveProperty('response')
          expect(r.blockedBy).toEqual([])
          return
        }
        const deniedBy = r.deniedBy as string
        expect(r.blockedBy).toContain(deniedBy)
        const present = new Set<string>(r.layers.map(l => l.layer))
        // The caller's identity policies are part of every AWS_IAM request, even when empty.
        if (input.authorizationType === 'AWS_IAM') present.add('identity-policy')
        present.add('authentication')
        expect(present.has(deniedBy)).toBe(true)
        expect(r.response?.status).toBe(403)
        // An explicit decision always comes from a layer whose policy has an applying Deny.
        if (r.decision === 'explicit-deny')
          expect(
            r.layers.some(
              l => l.layer === deniedBy && l.statements.some(s => s.applies && s.effect === 'Deny'),
            ),
          ).toBe(true)
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    )
  })

  it('never throws on a valid policy, and every result is plain JSON data', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const r = evaluateRequest(input)
        expect(JSON.parse(JSON.stringify(r))).toEqual(r)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })
})
