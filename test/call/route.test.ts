import { describe, expect, it } from 'vitest'
import { planRoute, type RouteInput } from '../../src/call/route.js'
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
