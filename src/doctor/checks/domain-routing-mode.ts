import { patchResourceLines, tlsResource } from '../aws2026.js'
import { pass, skipped, unknownFrom, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/**
 * Hop 6 (domain): a custom domain's routing mode (2025). `BASE_PATH_MAPPING_ONLY` (the default)
 * routes by base path mapping; `ROUTING_RULE_THEN_BASE_PATH_MAPPING` evaluates routing rules
 * first (priority order; header and base-path conditions) and may send the call to another API
 * or stage; `ROUTING_RULE_ONLY` ignores base path mappings altogether (AWS docs "Set the routing
 * mode for your custom domain name"). Routing rules do apply to private custom domains: "You can
 * create a routing rule for a private custom domain name that targets a private REST API" (AWS
 * docs "Send traffic to your APIs through your custom domain name", routing rules
 * considerations). pvapi does not read the rules (apigatewayv2 ListRoutingRules): where they
 * decide, the mapping the doctor followed may not be the one API Gateway uses.
 */
export const domainRoutingMode: Check = {
  id: 'domain.routing-mode',
  hop: 6,
  title: "the custom domain's routing mode uses the base path mapping the doctor followed",
  rows: [],
  run(s, d) {
    const dom = s.api.customDomain
    if (!s.target.customDomain || !dom) return skipped('the URL is not a custom domain name')
    const r = tlsResource(s, d)
    if (dom.domain.status !== 'ok')
      return unknownFrom(`the routing mode of ${dom.domainName}`, dom.domain, [
        "apigateway:GET on the domain name in the owner's account (--api-profile/--api-role-arn)",
      ])
    const mode = dom.domain.value.routingMode ?? 'BASE_PATH_MAPPING_ONLY'
    const mapping = valueOf(d.route)?.mapping
    const evidence = [
      `GetDomainName ${dom.domainName}: routingMode=${dom.domain.value.routingMode ?? '(absent: BASE_PATH_MAPPING_ONLY)'}`,
      ...(mapping
        ? [
            `base path mapping used: ${mapping.basePath} → ${mapping.restApiId}${mapping.stage ? `/${mapping.stage}` : ''}`,
          ]
        : []),
    ]
    if (mode === 'BASE_PATH_MAPPING_ONLY')
      return pass(`${dom.domainName} routes by base path mapping only`, evidence)
    if (mode === 'ROUTING_RULE_ONLY')
      return warn(
        `${dom.domainName} uses routing mode ROUTING_RULE_ONLY: base path mappings are ignored${mapping ? ` (the doctor followed ${mapping.basePath} → ${mapping.restApiId})` : ''}, and only a routing rule (not read by pvapi) can route this call; without one that matches, API Gateway answers 403/404`,
        [
          '# let base path mappings route the calls no routing rule matches:',
          ...patchResourceLines(s, r, '/routingMode', 'ROUTING_RULE_THEN_BASE_PATH_MAPPING'),
        ].join('\n'),
        evidence,
        dom.domainName,
      )
    return pass(
      `${dom.domainName} uses ${mode}: routing rules (not read by pvapi) are evaluated first and may send this call to another API or stage; otherwise the base path mapping applies`,
      evidence,
    )
  },
}
