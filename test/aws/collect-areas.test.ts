/**
 * The collection's building blocks: results are taken by name (allNamed), and an added area's
 * facts are merged into the snapshot's sections field by field (withAdditions), beside the core
 * fields and another area's, never replacing a section.
 */
import { describe, expect, it } from 'vitest'
import { withAdditions } from '../../src/aws/collect/area.js'
import { allNamed } from '../../src/aws/collect/context.js'

describe('allNamed', () => {
  it('awaits every promise at once and keeps each value under its own name', async () => {
    const order: string[] = []
    const later = (name: string, ms: number) =>
      new Promise<string>(r =>
        setTimeout(() => {
          order.push(name)
          r(name)
        }, ms),
      )
    const r = await allNamed({ slow: later('slow', 30), fast: later('fast', 1), plain: 3 })
    expect(r).toEqual({ slow: 'slow', fast: 'fast', plain: 3 })
    // Started together: the fast one finished first although it was listed second.
    expect(order).toEqual(['fast', 'slow'])
  })
})

describe('withAdditions', () => {
  it("adds an area's fields to the sections and keeps the core fields and other areas' fields", () => {
    const core = { caller: { a: 1 }, network: { b: 2 }, api: { c: 3 }, dns: { d: 4 } }
    const out = withAdditions(core, [
      { network: { ipv6: 'x' } } as never,
      { network: { resolver: 'y' }, api: { accessMode: 'z' } } as never,
    ])
    expect(out).toEqual({
      caller: { a: 1 },
      network: { b: 2, ipv6: 'x', resolver: 'y' },
      api: { c: 3, accessMode: 'z' },
      dns: { d: 4 },
    })
    // The core object is not changed in place.
    expect(core.network).toEqual({ b: 2 })
  })
})
