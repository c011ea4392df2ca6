import { patchResourceLines, tlsResource, usesEndpointSpecificName } from '../aws2026.js'
import { fail, pass, skipped, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/**
 * Hop 2: an API or private custom domain with an enhanced security policy (`SecurityPolicy_*`)
 * and endpoint access mode STRICT refuses calls through the endpoint-specific DNS name. STRICT
 * matches the TLS server name (SNI) with the Host and wants the same endpoint type, so
 * `vpce-….vpce.amazonaws.com` with x-apigw-api-id or a Host override is refused; private DNS,
 * the `{api}-{vpce}` alias and the custom domain are served (AWS docs: "Security policies for
 * REST APIs", endpoint access mode; "Invoke a private API": without a custom domain or private
 * DNS the mode must be BASIC).
 */
export const apigwEndpointAccessMode: Check = {
  id: 'apigw.endpoint-access-mode',
  hop: 2,
  title: 'endpoint access mode STRICT is not met with the endpoint-specific DNS name',
  rows: [],
  run(s, d) {
    const r = tlsResource(s, d)
    const viaVpceName = usesEndpointSpecificName(s)
    if (r.read.status !== 'ok') {
      if (!viaVpceName)
        return skipped(`the call uses ${s.target.connectHost}, which STRICT and BASIC both serve`)
      return unknownFrom(`the endpoint access mode of ${r.name}`, r.read, [
        "apigateway:GET in the API owner's account (--api-profile/--api-role-arn)",
      ])
    }
    const { securityPolicy, endpointAccessMode } = r.read.value
    if (securityPolicy === undefined && endpointAccessMode === undefined)
      return skipped(
        `no security policy recorded for ${r.name} (a snapshot from an older pvapi, or an answer without the field): no endpoint access mode is known to apply`,
      )
    const evidence = [
      `${r.kind === 'domain' ? 'GetDomainName' : 'GetRestApi'} ${r.name}: securityPolicy=${securityPolicy ?? '(none)'}, endpointAccessMode=${endpointAccessMode ?? '(none)'}`,
      `connect host (SNI): ${s.target.connectHost}; Host: ${s.signing.hostHeader}${s.signing.apiIdHeader ? `; x-apigw-api-id: ${s.signing.apiIdHeader}` : ''}`,
    ]
    if (endpointAccessMode !== 'STRICT')
      return pass(
        `${r.name} uses endpoint access mode ${endpointAccessMode ?? 'BASIC (legacy policy)'}: every name form of the endpoint is served`,
        evidence,
      )
    if (!viaVpceName)
      return pass(
        `${r.name} is STRICT and the call uses ${s.target.connectHost}, whose TLS server name is the Host: served`,
        evidence,
      )
    // d.apiId is the URL's API id, else the one a base path mapping names.
    const apiId = d.apiId ?? 'API_ID'
    const path = s.target.urlPath
    const vpce = s.target.vpceId ?? valueOf(d.endpoint)?.id
    const names =
      r.kind === 'domain'
        ? `the custom domain name itself (https://${r.name}${path}, resolving to the endpoint)`
        : `private DNS (https://${apiId}.execute-api.${s.target.region}.amazonaws.com${path})${vpce ? ` or the alias https://${apiId}-${vpce}.execute-api.${s.target.region}.amazonaws.com${path} of the endpoint, once associated with the API` : ''}`
    return fail(
      `${r.name} uses ${securityPolicy} with endpoint access mode STRICT: API Gateway refuses calls through the endpoint-specific name ${s.target.connectHost} (its TLS server name is not the ${r.kind === 'domain' ? "domain's" : "API's"} own), so the call gets 403 before any policy is evaluated`,
      [
        `# call it through a name STRICT serves: ${names}; or switch ${r.name} to BASIC:`,
        ...patchResourceLines(s, r, '/endpointAccessMode', 'BASIC'),
      ].join('\n'),
      evidence,
      r.name,
    )
  },
}
