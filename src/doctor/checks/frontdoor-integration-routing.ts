import {
  API_ID_HEADER_PATH,
  frontDoorOf,
  isOutcome,
  updateIntegrationLines,
  uriOf,
} from '../front-door-helpers.js'
import { fail, pass, unknown, unknownFrom, type Check } from '../finding.js'

/**
 * Hop 1 (front door): the integration names the private API. API Gateway sends the URI's host as
 * Host (a Host mapping is overwritten), so the private API is named by an execute-api URI host
 * or by a static x-apigw-api-id header mapping; the NLB's own DNS name routes nowhere (403).
 */
export const frontdoorIntegrationRouting: Check = {
  id: 'frontdoor.integration-routing',
  hop: 1,
  title: 'the front-door integration names the private API (URI host or x-apigw-api-id mapping)',
  rows: [],
  run(s) {
    const fd = frontDoorOf(s)
    if (isOutcome(fd)) return fd
    if (fd.from === 'vpc-link')
      return unknown('only the VPC link was given: the integration that names the private API was not read', [
        '--from-api REST_API_ID --stage S --path P -X METHOD',
      ])
    if (fd.resource.status !== 'ok') return unknownFrom('the front-door method', fd.resource)
    if (fd.integration.status !== 'ok') return unknownFrom('the front-door integration', fd.integration)
    const i = fd.integration.value
    const uri = uriOf(i)
    const evidence = [
      `integration: ${i.type ?? '?'} ${i.connectionType ?? 'INTERNET'} ${i.uri ?? '(no URI)'}`,
      ...Object.entries(i.requestParameters)
        .filter(([k]) => k.startsWith('integration.request.header.'))
        .map(([k, v]) => `${k} = ${v}`),
    ]
    if (!['HTTP', 'HTTP_PROXY'].includes(i.type ?? '') || i.connectionType !== 'VPC_LINK')
      return unknown(
        `${fd.restApiId} ${fd.method ?? 'GET'} ${fd.path ?? '/'} is a ${i.type ?? '?'} integration over ${i.connectionType ?? 'INTERNET'}, not HTTP/HTTP_PROXY through a VPC link`,
        ['--stage/--path/-X naming the front-door method that calls the private API'],
        evidence,
      )
    const host = uri?.host ?? '(none)'
    const hostMapping = Object.keys(i.requestParameters).find(
      k => k.toLowerCase() === 'integration.request.header.host',
    )
    const pa = fd.privateApi
    const target = pa?.expected ?? pa?.apiId
    const headerFix = (apiId: string) => [
      ...updateIntegrationLines(fd, [{ op: 'add', path: API_ID_HEADER_PATH, value: `'${apiId}'` }]),
    ]
    const placeholder = target ?? 'PRIVATE_API_ID'
    const fixLines = [
      ...headerFix(placeholder),
      ...(target
        ? []
        : [
            '# PRIVATE_API_ID: the id of the private REST API the front door calls (in its owner account: aws apigateway get-rest-apis)',
          ]),
    ]
    if (!pa?.apiId) {
      return fail(
        `the integration names no private API: API Gateway sends Host ${host} (the URI's host${hostMapping ? '; a Host mapping is overwritten' : ''}) and no static x-apigw-api-id, so the endpoint cannot route the call (403 Forbidden)`,
        fixLines.length ? fixLines.join('\n') : '# no AWS API change: the front-door method is unknown',
        [...evidence, pa?.how ?? ''].filter(Boolean),
        `${fd.restApiId} integration`,
      )
    }
    if (pa.expected && pa.expected !== pa.apiId) {
      return fail(
        `the integration reaches private API ${pa.apiId} (${pa.how}), not ${pa.expected} (--api-id)`,
        headerFix(pa.expected).join('\n'),
        evidence,
        `${fd.restApiId} integration`,
      )
    }
    return pass(`the integration names private API ${pa.apiId} by ${pa.how.replace(/^the /, '')}`, [
      ...evidence,
      ...(hostMapping ? [`${hostMapping} is ignored: API Gateway sends the URI's host (${host})`] : []),
    ])
  },
}
