import { describe, expect, it } from 'vitest'
import { planRoute, type RouteInput } from '../../src/call/route.js'
import { parseHostMode, parseVpce } from '../../src/core/route.js'
import { classifyHost } from '../../src/core/target.js'

const API = 'abc1234567'
const PRIVATE = `${API}.execute-api.us-east-1.amazonaws.com`
const VPCE = 'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com'
const ALIAS = `${API}-vpce-0123456789abcdef0.execute-api.us-east-1.amazonaws.com`
const route = (host: string, extra: Partial<RouteInput> = {}) =>
  planRoute({ target: classifyHost(host), port: 443, defaultPort: true, hostMode: 'header', ...extra })

describe('planRoute: SNI is the host connected to, Host is what is signed', () => {
  it('private DNS: connect and Host are the API name', () => {
    expect(route(PRIVATE)).toMatchObject({
      connectHost: PRIVATE,
      hostHeader: PRIVATE,
      extraHeaders: {},
      apiId: API,
      region: 'us-east-1',
    })
  })
  it('alias: no Host override and no x-apigw-api-id', () => {
    expect(route(ALIAS)).toMatchObject({ connectHost: ALIAS, hostHeader: ALIAS, extraHeaders: {} })
  })
  it('vpce name + --api-id: x-apigw-api-id, signed host = endpoint name', () => {
    expect(route(VPCE, { apiId: API })).toMatchObject({
      connectHost: VPCE,
      hostHeader: VPCE,
      extraHeaders: { 'x-apigw-api-id': API },
    })
  })
  it('vpce name + --host-mode host: Host names the API, SNI stays the endpoint', () => {
    expect(route(VPCE, { apiId: API, hostMode: 'host' })).toMatchObject({
      connectHost: VPCE,
      hostHeader: PRIVATE,
      extraHeaders: {},
    })
  })
  it('vpce name + -H x-apigw-api-id: uses it, adds nothing', () => {
    expect(route(VPCE, { userApiIdHeader: API })).toMatchObject({
      hostHeader: VPCE,
      extraHeaders: {},
      apiId: API,
    })
  })
  it('vpce name + -H Host: <api host>: sent and signed as given', () => {
    expect(route(VPCE, { userHost: PRIVATE })).toMatchObject({
      connectHost: VPCE,
      hostHeader: PRIVATE,
      apiId: API,
    })
  })
  it('vpce name + -H Host: custom domain', () => {
    expect(route(VPCE, { userHost: 'api.example.com' })).toMatchObject({
      connectHost: VPCE,
      hostHeader: 'api.example.com',
    })
  })
  it('vpce name without an API is a usage error', () =>
    expect(() => route(VPCE)).toThrow('needs to be told which API'))
  it('private DNS URL + --vpce: connect through the endpoint, address with x-apigw-api-id', () => {
    expect(route(PRIVATE, { vpceHostname: VPCE })).toMatchObject({
      connectHost: VPCE,
      hostHeader: VPCE,
      extraHeaders: { 'x-apigw-api-id': API },
    })
  })
  it('private DNS URL + --vpce + --host-mode host', () => {
    expect(route(PRIVATE, { vpceHostname: VPCE, hostMode: 'host' })).toMatchObject({
      connectHost: VPCE,
      hostHeader: PRIVATE,
    })
  })
  it('custom domain: plain', () =>
    expect(route('api.example.com')).toMatchObject({
      connectHost: 'api.example.com',
      hostHeader: 'api.example.com',
    }))
  it('custom domain + --vpce: Host = the custom domain', () => {
    expect(route('api.example.com', { vpceHostname: VPCE })).toMatchObject({
      connectHost: VPCE,
      hostHeader: 'api.example.com',
      extraHeaders: {},
      region: 'us-east-1',
    })
  })
  it('--vpce with an alias URL is refused', () =>
    expect(() => route(ALIAS, { vpceHostname: VPCE })).toThrow('already names an endpoint'))
  it('--api-id that contradicts the URL is refused', () =>
    expect(() => route(PRIVATE, { apiId: 'zzz9999999' })).toThrow('differs'))
  it('--api-id is never dropped: refused on a custom domain name (plain or through --vpce)', () => {
    expect(() => route('api.example.com', { apiId: API })).toThrow(/--api-id abc1234567 cannot be used/)
    expect(() => route('api.example.com', { apiId: API, vpceHostname: VPCE })).toThrow(/cannot be used/)
  })
  it('--api-id on an endpoint address dialled directly is sent as x-apigw-api-id', () => {
    expect(route('10.0.1.25', { apiId: API })).toMatchObject({
      connectHost: '10.0.1.25',
      extraHeaders: { 'x-apigw-api-id': API },
    })
  })
  it("the design documents' 15-digit endpoint name honours --api-id", () => {
    const host = 'vpce-0abc1234def56789-abcdefgh.execute-api.us-east-1.vpce.amazonaws.com'
    expect(route(host, { apiId: 'a1b2c3d4e5' })).toMatchObject({
      connectHost: host,
      extraHeaders: { 'x-apigw-api-id': 'a1b2c3d4e5' },
      region: 'us-east-1',
    })
  })
  it('an explicit --host-mode where no endpoint name is used is refused, not ignored', () => {
    expect(() => route(PRIVATE, { hostMode: 'host', hostModeGiven: true })).toThrow(/--host-mode applies/)
    expect(() => route('api.example.com', { hostMode: 'header', hostModeGiven: true })).toThrow(
      /--host-mode applies/,
    )
    expect(route(VPCE, { apiId: API, hostMode: 'host', hostModeGiven: true }).hostHeader).toBe(PRIVATE)
  })
  it('a non-default port is part of the signed Host', () => {
    expect(
      planRoute({ target: classifyHost(PRIVATE), port: 8443, defaultPort: false, hostMode: 'header' })
        .hostHeader,
    ).toBe(`${PRIVATE}:8443`)
  })
})

/** The error a call throws: its stable code and message (for asserting facts, not sentences). */
function thrown(fn: () => unknown): { code: string; message: string; hint?: string } {
  try {
    fn()
  } catch (err) {
    return err as { code: string; message: string; hint?: string }
  }
  throw new Error('expected an error')
}

describe('planRoute: every branch, whole routes (no key may appear or go missing)', () => {
  const ZONAL = 'vpce-0123456789abcdef0-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com'

  it('private DNS: the whole route, with description naming the API', () => {
    expect(route(PRIVATE)).toEqual({
      connectHost: PRIVATE,
      port: 443,
      hostHeader: PRIVATE,
      extraHeaders: {},
      apiId: API,
      region: 'us-east-1',
      description: `API ${API} via private DNS`,
    })
  })
  it('alias: the whole route, description names the endpoint of the alias', () => {
    expect(route(ALIAS)).toEqual({
      connectHost: ALIAS,
      port: 443,
      hostHeader: ALIAS,
      extraHeaders: {},
      apiId: API,
      region: 'us-east-1',
      description: `API ${API} via the Route 53 alias of vpce-0123456789abcdef0`,
    })
  })
  it('private DNS + -H Host: the user Host is sent, SNI unchanged', () => {
    expect(route(PRIVATE, { userHost: 'other.example' })).toMatchObject({
      connectHost: PRIVATE,
      hostHeader: 'other.example',
    })
  })
  it('custom domain with no region and no --api-id: neither key is invented', () => {
    expect(route('api.example.com')).toEqual({
      connectHost: 'api.example.com',
      port: 443,
      hostHeader: 'api.example.com',
      extraHeaders: {},
      description: 'host api.example.com',
    })
  })
  it('custom domain + --api-id: refused (a custom domain picks its API by base path mapping), never dropped', () => {
    const e = thrown(() =>
      planRoute({
        target: classifyHost('api.example.com'),
        port: 8443,
        defaultPort: false,
        hostMode: 'header',
        apiId: API,
      }),
    )
    expect(e.code).toBe('PV_API_ID_UNUSED')
    expect(e.message).toContain(API)
    expect(e.message).toContain('api.example.com')
    expect(e.hint).toContain('drop --api-id')
    expect(route('api.example.com', { userHost: 'h.example' }).hostHeader).toBe('h.example')
  })
  it('a region-named custom host keeps its region', () => {
    expect(route('sts.eu-west-1.amazonaws.com').region).toBe('eu-west-1')
  })
  it('vpce + --api-id: the whole route; the description names the API, the endpoint and the header', () => {
    expect(route(VPCE, { apiId: API })).toEqual({
      connectHost: VPCE,
      port: 443,
      hostHeader: VPCE,
      extraHeaders: { 'x-apigw-api-id': API },
      apiId: API,
      region: 'us-east-1',
      description: `API ${API} through endpoint ${VPCE} (x-apigw-api-id: ${API})`,
    })
  })
  it('vpce + --host-mode host: Host is the API name (with the port when not default), description says so', () => {
    expect(
      planRoute({
        target: classifyHost(VPCE),
        port: 8443,
        defaultPort: false,
        hostMode: 'host',
        apiId: API,
      }),
    ).toEqual({
      connectHost: VPCE,
      port: 8443,
      hostHeader: `${PRIVATE}:8443`,
      extraHeaders: {},
      apiId: API,
      region: 'us-east-1',
      description: `API ${API} through endpoint ${VPCE} (Host: ${PRIVATE})`,
    })
  })
  it('vpce + a non-default port: the endpoint name in Host carries the port', () => {
    expect(
      planRoute({
        target: classifyHost(VPCE),
        port: 8443,
        defaultPort: false,
        hostMode: 'header',
        apiId: API,
      }).hostHeader,
    ).toBe(`${VPCE}:8443`)
  })
  it('vpce + -H Host naming an API (upper case, with a port): the API id is taken from it', () => {
    expect(route(VPCE, { userHost: `${PRIVATE.toUpperCase()}:443` })).toEqual({
      connectHost: VPCE,
      port: 443,
      hostHeader: `${PRIVATE.toUpperCase()}:443`,
      extraHeaders: {},
      apiId: API,
      region: 'us-east-1',
      description: `API ${API} through endpoint ${VPCE}`,
    })
  })
  it('vpce + -H Host of a custom domain: no API id, the whole route', () => {
    expect(route(VPCE, { userHost: 'api.example.com' })).toEqual({
      connectHost: VPCE,
      port: 443,
      hostHeader: 'api.example.com',
      extraHeaders: {},
      region: 'us-east-1',
      description: `Host api.example.com through endpoint ${VPCE}`,
    })
  })
  it('vpce + -H x-apigw-api-id: no second header, the API is the user one', () => {
    expect(route(VPCE, { userApiIdHeader: 'zzz9999999' })).toMatchObject({
      extraHeaders: {},
      apiId: 'zzz9999999',
    })
  })
  it('vpce + --api-id wins over -H x-apigw-api-id and -H Host', () => {
    expect(route(VPCE, { apiId: API, userApiIdHeader: 'zzz9999999' }).apiId).toBe(API)
    expect(
      route(VPCE, { userApiIdHeader: API, userHost: 'zzz9999999.execute-api.us-east-1.amazonaws.com' }).apiId,
    ).toBe(API)
  })
  it('vpce name without an API: PV_VPCE_NEEDS_API naming the host and both ways out', () => {
    const e = thrown(() => route(VPCE))
    expect(e.code).toBe('PV_VPCE_NEEDS_API')
    expect(e.message).toContain(VPCE)
    expect(e.hint).toContain('--api-id')
    expect(e.hint).toContain('Host')
  })
  it('private DNS + --vpce: the whole route; region from the URL', () => {
    expect(route(PRIVATE, { vpceHostname: ZONAL })).toEqual({
      connectHost: ZONAL,
      port: 443,
      hostHeader: ZONAL,
      extraHeaders: { 'x-apigw-api-id': API },
      apiId: API,
      region: 'us-east-1',
      description: `API ${API} through endpoint ${ZONAL} (x-apigw-api-id: ${API})`,
    })
  })
  it('private DNS + --vpce in another region: the URL region wins (the API lives there)', () => {
    const other = 'vpce-0123456789abcdef0-abcd1234.execute-api.eu-west-1.vpce.amazonaws.com'
    expect(route(PRIVATE, { vpceHostname: other }).region).toBe('us-east-1')
  })
  it('private DNS + --vpce + -H Host: Host as given, API from the URL', () => {
    expect(route(PRIVATE, { vpceHostname: VPCE, userHost: 'h.example' })).toEqual({
      connectHost: VPCE,
      port: 443,
      hostHeader: 'h.example',
      extraHeaders: {},
      apiId: API,
      region: 'us-east-1',
      description: `API ${API} through endpoint ${VPCE}`,
    })
  })
  it('--vpce with an endpoint-specific URL is refused (PV_VPCE_REDUNDANT, naming the URL host)', () => {
    const e = thrown(() => route(VPCE, { apiId: API, vpceHostname: VPCE }))
    expect(e.code).toBe('PV_VPCE_REDUNDANT')
    expect(e.message).toContain(VPCE)
    expect(e.message).toContain('--vpce')
  })
  it('--vpce with an alias URL is refused with PV_VPCE_REDUNDANT naming the alias', () => {
    const e = thrown(() => route(ALIAS, { vpceHostname: VPCE }))
    expect(e.code).toBe('PV_VPCE_REDUNDANT')
    expect(e.message).toContain(ALIAS)
    expect(e.hint).toContain('drop --vpce')
  })
  it('custom domain + --vpce: the whole route, region from the endpoint name, no API id', () => {
    expect(route('api.example.com', { vpceHostname: VPCE })).toEqual({
      connectHost: VPCE,
      port: 443,
      hostHeader: 'api.example.com',
      extraHeaders: {},
      region: 'us-east-1',
      description: `custom domain api.example.com through endpoint ${VPCE}`,
    })
  })
  it('custom domain + --vpce: a port and a -H Host', () => {
    const r = planRoute({
      target: classifyHost('api.example.com'),
      port: 8443,
      defaultPort: false,
      hostMode: 'header',
      vpceHostname: VPCE,
    })
    expect(r.hostHeader).toBe('api.example.com:8443')
    expect(route('api.example.com', { vpceHostname: VPCE, userHost: 'h.example' }).hostHeader).toBe(
      'h.example',
    )
  })
  it('custom domain + --vpce given as a name without a region: no region key', () => {
    expect(route('api.example.com', { vpceHostname: 'endpoint.internal' })).not.toHaveProperty('region')
  })
  it('custom domain with a region + --vpce without one: the URL region is kept', () => {
    expect(route('sts.eu-west-1.amazonaws.com', { vpceHostname: 'endpoint.internal' }).region).toBe(
      'eu-west-1',
    )
  })
  it('custom domain + --vpce + --api-id: refused, with the private-DNS URL form as the way out', () => {
    const e = thrown(() => route('api.example.com', { vpceHostname: VPCE, apiId: API }))
    expect(e.code).toBe('PV_API_ID_UNUSED')
    expect(e.hint).toContain('--vpce')
  })
  it('--host-mode host without a region: PV_NO_REGION naming the API and --region', () => {
    // classifyHost always finds the region of an endpoint name; a TargetHost built elsewhere may not.
    const target = { kind: 'vpce' as const, hostname: 'vpce-0123456789abcdef0-abcd1234.internal' }
    const e = thrown(() => planRoute({ target, port: 443, defaultPort: true, hostMode: 'host', apiId: API }))
    expect(e.code).toBe('PV_NO_REGION')
    expect(e.message).toContain(API)
    expect(e.hint).toContain('--region')
    // In header mode the region is not needed, and none is invented.
    expect(
      planRoute({ target, port: 443, defaultPort: true, hostMode: 'header', apiId: API }),
    ).not.toHaveProperty('region')
    expect(
      planRoute({
        target,
        port: 443,
        defaultPort: true,
        hostMode: 'header',
        apiId: API,
        userHost: 'h.example',
      }),
    ).not.toHaveProperty('region')
    expect(
      planRoute({ target, port: 443, defaultPort: true, hostMode: 'header', userHost: 'h.example' }),
    ).not.toHaveProperty('region')
  })
  it('--api-id equal to the URL API is accepted', () => {
    expect(route(PRIVATE, { apiId: API }).apiId).toBe(API)
  })
  it('--api-id that contradicts the URL: PV_API_ID_MISMATCH naming both ids', () => {
    const e = thrown(() => route(PRIVATE, { apiId: 'zzz9999999' }))
    expect(e.code).toBe('PV_API_ID_MISMATCH')
    expect(e.message).toContain('zzz9999999')
    expect(e.message).toContain(API)
    expect(e.hint).toContain('--api-id')
  })
  it('a custom host known to name an API (apiId set) is addressed through --vpce with x-apigw-api-id', () => {
    const target = { kind: 'custom' as const, hostname: 'api.example.com', apiId: API, region: 'us-east-1' }
    expect(
      planRoute({ target, port: 443, defaultPort: true, hostMode: 'header', vpceHostname: VPCE }),
    ).toMatchObject({
      connectHost: VPCE,
      extraHeaders: { 'x-apigw-api-id': API },
      apiId: API,
    })
  })
  it('an IPv6 literal keeps its brackets in Host with a port, and bare without one', () => {
    const r = planRoute({ target: classifyHost('::1'), port: 8443, defaultPort: false, hostMode: 'header' })
    expect(r.hostHeader).toBe('[::1]:8443')
    expect(
      planRoute({ target: classifyHost('::1'), port: 443, defaultPort: true, hostMode: 'header' }).hostHeader,
    ).toBe('[::1]')
  })
})

describe('planRoute: an endpoint address dialled directly (custom kind)', () => {
  it('without --api-id: no x-apigw-api-id, no API id, the address is the Host', () => {
    expect(route('10.0.1.25')).toEqual({
      connectHost: '10.0.1.25',
      port: 443,
      hostHeader: '10.0.1.25',
      extraHeaders: {},
      description: 'host 10.0.1.25',
    })
  })
  it("--api-id with the user's own -H x-apigw-api-id: theirs is sent, nothing added; the API id is known", () => {
    const r = route('10.0.1.25', { apiId: API, userApiIdHeader: API })
    expect(r.extraHeaders).toEqual({})
    expect(r.apiId).toBe(API)
  })
  it('--api-id alone: the header and the API id', () => {
    expect(route('10.0.1.25', { apiId: API })).toMatchObject({
      extraHeaders: { 'x-apigw-api-id': API },
      apiId: API,
    })
  })
  it('--host-mode on an address or a name addressed by itself: PV_HOST_MODE_UNUSED, hint to drop it', () => {
    for (const host of [PRIVATE, '10.0.1.25']) {
      const e = thrown(() => route(host, { hostMode: 'host', hostModeGiven: true }))
      expect(e.code).toBe('PV_HOST_MODE_UNUSED')
      expect(e.message).toContain(host)
      expect(e.hint).toBe('drop --host-mode')
    }
  })
})

describe('--host-mode and --vpce values', () => {
  it('--host-mode: header by default, header or host when given, anything else PV_BAD_HOST_MODE', () => {
    expect(parseHostMode(undefined)).toBe('header')
    expect(parseHostMode('header')).toBe('header')
    expect(parseHostMode('host')).toBe('host')
    for (const bad of ['HOST', 'hdr', '']) {
      const e = thrown(() => parseHostMode(bad))
      expect(e.code).toBe('PV_BAD_HOST_MODE')
      expect(e.message).toContain(`--host-mode ${bad}:`)
      expect(e.hint).toMatch(/^header sends x-apigw-api-id .*host sends Host: /)
    }
  })

  const NAME = 'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com'
  it('--vpce: an id (trimmed, any case) is looked up; an endpoint DNS name, regional, zonal or .cn, is used as is', () => {
    expect(parseVpce(undefined)).toBeUndefined()
    expect(parseVpce(' VPCE-0123456789ABCDEF0 ')).toEqual({ id: 'vpce-0123456789abcdef0' })
    expect(parseVpce(NAME.toUpperCase())).toEqual({ hostname: NAME })
    const zonal = 'vpce-0123456789abcdef0-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com'
    expect(parseVpce(zonal)).toEqual({ hostname: zonal })
    expect(parseVpce(`${NAME.replace('us-east-1', 'cn-north-1')}.cn`)).toEqual({
      hostname: `${NAME.replace('us-east-1', 'cn-north-1')}.cn`,
    })
    // Any other DNS name (a custom endpoint name in a private zone) is used as is too.
    expect(parseVpce('endpoint.example.internal')).toEqual({ hostname: 'endpoint.example.internal' })
  })

  it('--vpce: something that starts like an endpoint but is neither an id nor its DNS name is refused with an example', () => {
    for (const bad of ['vpce-xyz', 'vpce-abc.example.com', `${NAME}.evil.example`, `vpce-zz!${NAME}`]) {
      const e = thrown(() => parseVpce(bad))
      expect(e.code, bad).toBe('PV_BAD_VPCE')
      expect(e.message, bad).toContain(`--vpce ${bad}: not a VPC endpoint id (vpce- + 8 or 17 hex digits)`)
      expect(e.hint, bad).toContain('--vpce vpce-0123456789abcdef0')
    }
  })

  it('--vpce: a value that is no DNS name at all is refused', () => {
    for (const bad of ['nodots', 'my-vpce-abc', 'bad_name.example', '!!a.b', 'a.b!!']) {
      const e = thrown(() => parseVpce(bad))
      expect(e.code, bad).toBe('PV_BAD_VPCE')
      expect(e.message, bad).toBe(`--vpce ${bad}: not a VPC endpoint id or DNS name`)
    }
  })
})
