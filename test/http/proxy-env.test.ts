import { describe, expect, it } from 'vitest'
import { chooseProxy, noProxyMatch, redactProxy } from '../../src/http/proxy-env.js'

describe('NO_PROXY matching (curl rules, plus host:port and CIDR)', () => {
  it.each([
    ['example.com', 'example.com', true],
    ['example.com', 'api.example.com', true],
    ['example.com', 'notexample.com', false],
    ['.example.com', 'example.com', true],
    ['.example.com', 'a.b.example.com', true],
    ['*.example.com', 'a.example.com', true],
    ['*', 'anything.at.all', true],
    ['EXAMPLE.com', 'Api.Example.COM.', true],
    ['10.0.1.25', '10.0.1.25', true],
    ['10.0.1.25', '10.0.1.26', false],
    ['10.0.0.0/16', '10.0.200.1', true],
    ['10.0.0.0/16', '10.1.0.1', false],
    ['fd00::/8', 'fd12::1', true],
    ['[::1]', '::1', true],
    ['example.com:8443', 'example.com', false],
    ['localhost, .amazonaws.com', 'abc.execute-api.us-east-1.amazonaws.com', true],
  ])('%s vs %s → %s', (list, host, match) => {
    expect(noProxyMatch(list, host, 443) !== undefined).toBe(match)
  })
  it('host:port entries match that port only', () => {
    expect(noProxyMatch('example.com:8443', 'example.com', 8443)).toBe('example.com:8443')
  })
})

describe('choosing the proxy', () => {
  const env = {
    HTTPS_PROXY: 'http://upper:3128',
    https_proxy: 'http://lower:3128',
    HTTP_PROXY: 'http://plain:80',
  }
  it('lower case wins, by URL scheme; -x wins over both; "" turns it off', () => {
    expect(chooseProxy({ env }, 'https:', 'h', 443).proxy?.host).toBe('lower:3128')
    expect(chooseProxy({ env }, 'http:', 'h', 80).proxy?.host).toBe('plain')
    expect(chooseProxy({ env, flag: 'flag:8080' }, 'https:', 'h', 443).proxy?.href).toBe('http://flag:8080/')
    expect(chooseProxy({ env, flag: '' }, 'https:', 'h', 443).proxy).toBeUndefined()
  })
  it('--noproxy replaces NO_PROXY; the dialled host counts too', () => {
    const s = { env: { ...env, NO_PROXY: '*' }, noProxyFlag: 'internal' }
    expect(chooseProxy(s, 'https:', 'api.example.com', 443).proxy).toBeDefined()
    const c = chooseProxy(s, 'https:', 'api.example.com', 443, 'vpce-1.internal')
    expect(c.proxy).toBeUndefined()
    expect(c.reason).toMatch(/--noproxy entry "internal" matches vpce-1.internal/)
  })
  it('refuses SOCKS and garbage, naming the source without its password', () => {
    expect(() => chooseProxy({ env: { HTTPS_PROXY: 'socks5://u:p@h:1' } }, 'https:', 'h', 443)).toThrow(
      /HTTPS_PROXY: socks5 proxies are not supported/,
    )
  })
  it('never shows proxy credentials', () => {
    expect(redactProxy('http://bob:s3cret@proxy:3128')).toBe('http://***@proxy:3128')
    expect(redactProxy('bob:s3cret@proxy:3128')).toBe('***@proxy:3128')
    expect(
      chooseProxy({ env: { HTTPS_PROXY: 'http://bob:s3cret@proxy:3128' } }, 'https:', 'h', 443).display,
    ).toBe('http://***@proxy:3128')
  })
})
