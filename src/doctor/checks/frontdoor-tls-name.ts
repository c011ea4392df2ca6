import { frontDoorOf, isOutcome, updateIntegrationLines, uriOf } from '../front-door-helpers.js'
import { fail, pass, unknown, unknownFrom, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Does a certificate name (`*.execute-api.R.amazonaws.com`) cover a host? One label per `*`. */
export function nameCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase()
  const h = host.toLowerCase()
  if (!p.startsWith('*.')) return p === h
  const rest = h.split('.').slice(1).join('.')
  return h.split('.').length > 1 && rest === p.slice(2)
}

/**
 * Hop 2 (front door): API Gateway checks the integration endpoint's certificate against the
 * URI's host. Through a TCP listener the execute-api endpoint answers with its own certificate,
 * for `*.execute-api.R.amazonaws.com` and `*.execute-api.R.vpce.amazonaws.com`, so the NLB's DNS
 * name fails (500 "Host name … does not match the certificate subject"). AWS documents that
 * `insecureSkipVerification` still checks the host name; it only admits private CAs.
 */
export const frontdoorTlsName: Check = {
  id: 'frontdoor.tls-name',
  hop: 2,
  title: "the integration URI's host matches the endpoint's certificate (TLS name)",
  rows: [],
  run(s, d) {
    const fd = frontDoorOf(s)
    if (isOutcome(fd)) return fd
    if (fd.integration.status !== 'ok') {
      if (fd.from === 'vpc-link')
        return unknown('only the VPC link was given: the integration URI was not read', [
          '--from-api REST_API_ID --stage S --path P -X METHOD',
        ])
      return unknownFrom('the front-door integration', fd.integration)
    }
    const i = fd.integration.value
    const uri = uriOf(i)
    if (!uri) return unknown('the integration has no URI', ['--stage/--path/-X naming the front-door method'])
    const r = fd.region
    const apiId = fd.privateApi?.apiId ?? fd.privateApi?.expected
    const goodUri = `https://${apiId ?? 'PRIVATE_API_ID'}.execute-api.${r}.amazonaws.com${decodeURI(uri.pathname)}`
    const placeholder = apiId ? [] : ['# PRIVATE_API_ID: the id of the private REST API the front door calls']
    const skip = i.insecureSkipVerification === true
    if (uri.protocol === 'http:')
      return fail(
        `the integration URI is http://: the execute-api endpoint speaks only HTTPS on 443, so the call through the NLB fails`,
        [
          ...updateIntegrationLines(fd, [{ op: 'replace', path: '/uri', value: goodUri }]),
          ...placeholder,
        ].join('\n'),
        [`integration URI: ${i.uri}`],
        `${fd.restApiId ?? '?'} integration`,
      )
    const port = uri.port ? Number(uri.port) : 443
    const listener = valueOf(fd.listeners)?.find(l => l.port === port)
    if (listener?.protocol === 'TLS')
      return unknown(
        `the NLB terminates TLS on ${port} with ${listener.certificateArns.join(', ') || 'its certificate'}: the names on it decide, and pvapi does not read ACM`,
        [
          `the names of ${listener.certificateArns[0] ?? 'the listener certificate'} (aws acm describe-certificate)`,
        ],
        [`integration URI host: ${uri.hostname}`],
      )
    const names = [`*.execute-api.${r}.amazonaws.com`, `*.execute-api.${r}.vpce.amazonaws.com`]
    const customDomain = valueOf(s.api.customDomain?.domain)?.domainName
    const host = uri.hostname
    const covered =
      names.some(n => nameCovers(n, host)) || (customDomain !== undefined && customDomain === host)
    const evidence = [
      `integration URI host: ${host}`,
      `the endpoint's certificate names: ${customDomain === host ? customDomain : names.join(', ')}`,
      `tlsConfig.insecureSkipVerification: ${skip ? 'true' : 'false'}`,
    ]
    const skipOff = updateIntegrationLines(fd, [
      { op: 'replace', path: '/tlsConfig/insecureSkipVerification', value: 'false' },
    ])
    if (!covered)
      return fail(
        `${host} is not a name on the endpoint's certificate: API Gateway's TLS check fails (500 "Host name … does not match the certificate subject")${skip ? '; insecureSkipVerification does not help, AWS still checks the host name' : ''}`,
        [
          ...updateIntegrationLines(fd, [{ op: 'replace', path: '/uri', value: goodUri }]),
          ...placeholder,
        ].join('\n'),
        evidence,
        `${fd.restApiId ?? '?'} integration`,
      )
    if (skip)
      return warn(
        `${host} matches the endpoint's certificate, but insecureSkipVerification is set: it admits any certificate authority on this path, and the endpoint's certificate needs none of that`,
        skipOff.join('\n') || '# no AWS API change: the front-door method is unknown',
        evidence,
        `${fd.restApiId ?? '?'} integration`,
      )
    return pass(
      `${host} matches the endpoint's certificate (${d.endpoint.status === 'ok' ? d.endpoint.value.id : 'endpoint'})`,
      evidence,
    )
  },
}
