import { describe, expect, it } from 'vitest'
import { applyConnectRules, parseConnectTo, parseResolve } from '../../src/http/connect-rules.js'

describe('--resolve / --connect-to (curl semantics)', () => {
  it.each([
    ['h.example:443:10.0.1.5', { host: 'h.example', port: 443, addresses: ['10.0.1.5'] }],
    ['H.example:443:10.0.1.5,10.0.2.5', { host: 'h.example', addresses: ['10.0.1.5', '10.0.2.5'] }],
    ['*:443:127.0.0.1', { host: '*' }],
    ['+h.example:443:[::1]', { host: 'h.example', addresses: ['::1'] }],
  ])('parses --resolve %s', (spec, expected) => expect(parseResolve(spec)).toMatchObject(expected))
  it.each([
    'h.example:443',
    'h.example:https:1.2.3.4',
    'h.example:443:not-an-ip',
    ':443:1.2.3.4',
    'h:70000:1.2.3.4',
  ])('rejects --resolve %s', spec => {
    expect(() => parseResolve(spec)).toThrow(/--resolve/)
  })
  it.each([
    [
      'a.example:443:127.0.0.2:8443',
      { fromHost: 'a.example', fromPort: 443, toHost: '127.0.0.2', toPort: 8443 },
    ],
    ['::127.0.0.1:', { toHost: '127.0.0.1' }],
    ['a.example:443:[::1]:8443', { toHost: '::1', toPort: 8443 }],
  ])('parses --connect-to %s', (spec, expected) => expect(parseConnectTo(spec)).toMatchObject(expected))
  it('rejects a malformed --connect-to', () => expect(() => parseConnectTo('a:b')).toThrow('wrong format'))

  it('connect-to picks the dial target; resolve pins it; neither changes the name', () => {
    const ct = [parseConnectTo('a.example:443:b.example:8443')]
    const rs = [parseResolve('b.example:8443:127.0.0.9')]
    expect(applyConnectRules('a.example', 443, ct, rs)).toEqual({
      host: 'b.example',
      port: 8443,
      pinned: ['127.0.0.9'],
    })
    expect(applyConnectRules('other.example', 443, ct, rs)).toEqual({ host: 'other.example', port: 443 })
    expect(applyConnectRules('x.example', 443, [], [parseResolve('*:443:127.0.0.1')])).toMatchObject({
      pinned: ['127.0.0.1'],
    })
    // A --resolve for another port does not apply (curl matches host AND port).
    expect(applyConnectRules('b.example', 443, [], rs)).toEqual({ host: 'b.example', port: 443 })
  })
})
