import { pass, warn, type Check } from '../finding.js'

/**
 * Hop 1: on an endpoint-specific name the request must say which API it wants, and the signed
 * Host must be the one sent (row 7). pvapi signs what it sends; the Host-override form is the
 * one other clients get wrong.
 */
export const signingHostRouting: Check = {
  id: 'signing.host-routing',
  hop: 1,
  title: 'the request names the API (Host or x-apigw-api-id) and signs the Host it sends',
  rows: [7],
  run(s) {
    const { hostHeader, apiIdHeader, hostMode, route } = s.signing
    const evidence = [
      `route: ${route}`,
      `Host: ${hostHeader}`,
      ...(apiIdHeader ? [`x-apigw-api-id: ${apiIdHeader}`] : []),
    ]
    if (s.target.hostKind === 'vpce' && hostMode === 'host') {
      return warn(
        'endpoint-specific name with a Host override: the signature must cover the overridden Host, and many signers sign the connection host instead (403 "The request signature we calculated does not match")',
        `prefer x-apigw-api-id: pvapi call ${s.target.url} --api-id ${s.target.apiId ?? 'API_ID'} (the signed host is then the endpoint name)`,
        evidence,
      )
    }
    return pass(
      `the API is addressed by ${apiIdHeader ? 'x-apigw-api-id' : s.target.hostKind === 'custom' ? 'the custom domain Host' : hostMode === 'host' ? 'a Host override' : 'its host name'}; the signed Host is the Host sent`,
      evidence,
    )
  },
}
